package io.medulla.repository;

import java.util.ArrayList;
import java.util.List;

/**
 * A value in the generic protobuf text-format tree: a scalar, a nested message or a bracketed list.
 * Every value remembers where it starts, for error messages.
 */
sealed interface TextValue {
  /** Returns the 1-based line where the value starts. */
  int line();

  /** Returns the 1-based column where the value starts. */
  int column();

  /**
   * A scalar as written: an identifier (enum value or boolean), a number, or a decoded string.
   *
   * @param kind {@link TextToken.Kind#IDENTIFIER}, {@link TextToken.Kind#NUMBER} or {@link
   *     TextToken.Kind#STRING}
   * @param text the text
   */
  record Scalar(TextToken.Kind kind, String text, int line, int column) implements TextValue {
    /** Returns the scalar as it would be quoted in an error message. */
    String describe() {
      return kind == TextToken.Kind.STRING ? "\"" + text + "\"" : "'" + text + "'";
    }
  }

  /**
   * A message: its fields in file order. A field may repeat.
   *
   * @param fields the fields
   */
  record Message(List<Field> fields, int line, int column) implements TextValue {
    /** Creates a message; copies the fields. */
    public Message {
      fields = List.copyOf(fields);
    }

    /** Returns the values of every occurrence of {@code name}, flattening bracketed lists. */
    List<TextValue> values(String name) {
      List<TextValue> out = new ArrayList<>();
      for (Field f : fields) {
        if (f.name().equals(name)) {
          if (f.value() instanceof ListValue list) {
            out.addAll(list.elements());
          } else {
            out.add(f.value());
          }
        }
      }
      return out;
    }

    /** Returns whether the field occurs at least once. */
    boolean has(String name) {
      return fields.stream().anyMatch(f -> f.name().equals(name));
    }
  }

  /**
   * A bracketed list, {@code [a, b]}.
   *
   * @param elements the elements
   */
  record ListValue(List<TextValue> elements, int line, int column) implements TextValue {
    /** Creates a list; copies the elements. */
    public ListValue {
      elements = List.copyOf(elements);
    }
  }

  /**
   * One field occurrence.
   *
   * @param name the field name
   * @param value its value
   * @param line the 1-based line of the field name
   * @param column the 1-based column of the field name
   */
  record Field(String name, TextValue value, int line, int column) {}
}
