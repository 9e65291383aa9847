package io.medulla.repository;

import io.medulla.repository.TextToken.Kind;
import io.medulla.repository.TextValue.Field;
import io.medulla.repository.TextValue.ListValue;
import io.medulla.repository.TextValue.Message;
import io.medulla.repository.TextValue.Scalar;
import io.medulla.runtime.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Parses protobuf text format into a generic {@link Message} tree, without a schema: nested
 * messages in {@code {}} or {@code <>}, lists in {@code []}, repeated fields, an optional {@code :}
 * before messages and lists, and optional {@code ,} or {@code ;} after each field. Adjacent strings
 * are joined, as protobuf does.
 */
final class TextFormatParser {
  /** The deepest nesting of messages; protobuf's own text parser stops at 100 too. */
  static final int MAX_DEPTH = 100;

  private final String source;
  private final TextTokenizer tokenizer;
  private TextToken token;
  private int depth;

  private TextFormatParser(String source, String text) {
    this.source = source;
    this.tokenizer = new TextTokenizer(source, text);
    this.token = tokenizer.next();
  }

  /**
   * Parses a whole file.
   *
   * @param source the model-relative file name used in error messages
   * @param text the file contents
   * @throws ModelLoadException naming the file, line and column of the first syntax error
   */
  static Message parse(String source, String text) {
    TextFormatParser parser = new TextFormatParser(source, text);
    return parser.fields(null, 1, 1);
  }

  private Message fields(@Nullable Character close, int line, int column) {
    List<Field> fields = new ArrayList<>();
    while (true) {
      if (close == null && token.kind() == Kind.END) {
        return new Message(fields, line, column);
      }
      if (close != null && token.isSymbol(close)) {
        advance();
        return new Message(fields, line, column);
      }
      if (token.kind() == Kind.END) {
        throw error(
            token,
            "expected '"
                + close
                + "' to close the message opened at "
                + line
                + ":"
                + column
                + ", found end of file");
      }
      fields.add(field());
      if (token.isSymbol(',') || token.isSymbol(';')) {
        advance();
      }
    }
  }

  private Field field() {
    TextToken name = token;
    String fieldName;
    if (name.kind() == Kind.IDENTIFIER) {
      fieldName = name.text();
      advance();
    } else if (name.isSymbol('[')) {
      fieldName = extensionName();
    } else {
      throw error(name, "expected a field name, found " + name.describe());
    }
    boolean colon = token.isSymbol(':');
    if (colon) {
      advance();
    }
    TextValue value;
    if (token.isSymbol('{') || token.isSymbol('<')) {
      value = message();
    } else if (token.isSymbol('[')) {
      value = list();
    } else if (!colon) {
      throw error(
          token, "expected ':' or '{' after field '" + fieldName + "', found " + token.describe());
    } else {
      value = scalar(fieldName);
    }
    return new Field(fieldName, value, name.line(), name.column());
  }

  private String extensionName() {
    advance();
    StringBuilder sb = new StringBuilder("[");
    while (!token.isSymbol(']')) {
      if (token.kind() == Kind.END) {
        throw error(token, "expected ']' to close the extension name, found end of file");
      }
      sb.append(token.text());
      advance();
    }
    advance();
    return sb.append(']').toString();
  }

  private Message message() {
    TextToken open = token;
    if (depth == MAX_DEPTH) {
      // The parser recurses per level: refuse before a hostile file overflows the stack.
      throw error(open, "messages nested deeper than " + MAX_DEPTH + " levels");
    }
    char close = open.isSymbol('{') ? '}' : '>';
    advance();
    depth++;
    Message m = fields(close, open.line(), open.column());
    depth--;
    return m;
  }

  private ListValue list() {
    TextToken open = token;
    advance();
    List<TextValue> elements = new ArrayList<>();
    if (token.isSymbol(']')) {
      advance();
      return new ListValue(elements, open.line(), open.column());
    }
    while (true) {
      if (token.isSymbol('{') || token.isSymbol('<')) {
        elements.add(message());
      } else {
        elements.add(scalar("list element"));
      }
      if (token.isSymbol(']')) {
        advance();
        return new ListValue(elements, open.line(), open.column());
      }
      if (!token.isSymbol(',')) {
        throw error(
            token,
            "expected ',' or ']' in the list opened at "
                + open.line()
                + ":"
                + open.column()
                + ", found "
                + token.describe());
      }
      advance();
    }
  }

  private Scalar scalar(String what) {
    TextToken t = token;
    if (t.kind() != Kind.IDENTIFIER && t.kind() != Kind.NUMBER && t.kind() != Kind.STRING) {
      throw error(t, "expected a value for '" + what + "', found " + t.describe());
    }
    advance();
    StringBuilder text = new StringBuilder(t.text());
    // Adjacent strings are one value, as in C and protobuf.
    while (t.kind() == Kind.STRING && token.kind() == Kind.STRING) {
      text.append(token.text());
      advance();
    }
    return new Scalar(t.kind(), text.toString(), t.line(), t.column());
  }

  private void advance() {
    token = tokenizer.next();
  }

  private ModelLoadException error(TextToken at, String message) {
    return new ModelLoadException(source + ":" + at.line() + ":" + at.column() + ": " + message);
  }
}
