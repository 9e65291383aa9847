package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.Tensor;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code when} test on an earlier tensor that decides whether a step runs. Written as one of:
 *
 * <ul>
 *   <li>{@code finding.output != 0} (every element), {@code all(x.y > 0.5)}, {@code any(x.y >=
 *       0.5)}: compares elements with a number ({@code true} and {@code false} mean 1 and 0);
 *   <li>{@code present(x.y)}, {@code absent(x.y)}: whether the tensor exists (its step ran).
 * </ul>
 *
 * <p>A comparison on an absent tensor is false. Over zero elements, {@code all} is true and {@code
 * any} false.
 *
 * @param quantifier how the elements' results combine, or whether the tensor exists
 * @param ref the tensor tested
 * @param comparison the comparison; ignored for PRESENT and ABSENT
 * @param value the number compared with; ignored for PRESENT and ABSENT
 * @param text the condition as written, for messages
 */
public record Condition(
    Quantifier quantifier, TensorRef ref, Comparison comparison, double value, String text) {
  private static final Pattern EXISTS =
      Pattern.compile("^\\s*(present|absent)\\s*\\(\\s*([^\\s()]+)\\s*\\)\\s*$");
  private static final Pattern QUANTIFIED =
      Pattern.compile("^\\s*(all|any)\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);
  private static final Pattern COMPARE =
      Pattern.compile("^\\s*([^\\s<>=!()]+)\\s*(==|!=|<=|>=|<|>)\\s*([^\\s()]+)\\s*$");

  /** How a condition reads its tensor. */
  public enum Quantifier {
    /** Every element satisfies the comparison. */
    ALL,
    /** At least one element does. */
    ANY,
    /** The tensor exists. */
    PRESENT,
    /** The tensor does not exist. */
    ABSENT
  }

  /** A numeric comparison. */
  public enum Comparison {
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    /** Returns the operator as written, as in {@code ">="}. */
    public String symbol() {
      return symbol;
    }

    /** Returns whether {@code left <op> right} holds. */
    public boolean test(double left, double right) {
      return switch (this) {
        case EQ -> left == right;
        case NE -> left != right;
        case LT -> left < right;
        case LE -> left <= right;
        case GT -> left > right;
        case GE -> left >= right;
      };
    }

    /** Returns the comparison written as {@code symbol}. */
    public static Comparison of(String symbol) {
      for (Comparison c : values()) {
        if (c.symbol.equals(symbol)) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          "'" + symbol + "' is not a comparison (expected one of ==, !=, <, <=, >, >=)");
    }
  }

  /** Creates a condition; validates the fields. */
  public Condition {
    requireNonNull(quantifier, "quantifier");
    requireNonNull(ref, "ref");
    requireNonNull(comparison, "comparison");
    requireNonNull(text, "text");
  }

  /**
   * Returns the condition written as {@code text}.
   *
   * @throws IllegalArgumentException naming what is wrong and the accepted forms
   */
  public static Condition parse(String text) {
    Matcher exists = EXISTS.matcher(text);
    if (exists.matches()) {
      Quantifier q = exists.group(1).equals("present") ? Quantifier.PRESENT : Quantifier.ABSENT;
      return new Condition(q, TensorRef.parse(exists.group(2)), Comparison.EQ, 0, text.strip());
    }
    Quantifier q = Quantifier.ALL;
    String body = text;
    Matcher quantified = QUANTIFIED.matcher(text);
    if (quantified.matches()) {
      q = quantified.group(1).equals("any") ? Quantifier.ANY : Quantifier.ALL;
      body = quantified.group(2);
    }
    Matcher compare = COMPARE.matcher(body);
    if (!compare.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a condition (expected: <step>.<output> <op> <number>, any(...), all(...),"
              + " present(<step>.<output>) or absent(<step>.<output>); op one of ==, !=, <, <=, >,"
              + " >=)");
    }
    return new Condition(
        q,
        TensorRef.parse(compare.group(1)),
        Comparison.of(compare.group(2)),
        number(compare.group(3), text),
        text.strip());
  }

  private static double number(String literal, String text) {
    switch (literal.toLowerCase(Locale.ROOT)) {
      case "true":
        return 1;
      case "false":
        return 0;
      default:
        break;
    }
    try {
      double v = Double.parseDouble(literal);
      if (Double.isNaN(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': '"
              + literal
              + "' is not a number (expected: a number such as 0.5, or true or false)");
    }
  }

  /**
   * Returns whether the condition holds for {@code tensor}, the value of {@link #ref()} (null when
   * absent). Comparisons read elements of any type but BYTES as numbers.
   */
  public boolean holds(@Nullable Tensor tensor) {
    switch (quantifier) {
      case PRESENT:
        return tensor != null;
      case ABSENT:
        return tensor == null;
      default:
        break;
    }
    if (tensor == null) {
      return false;
    }
    boolean all = quantifier == Quantifier.ALL;
    ByteBuffer data = tensor.data();
    int n = Elements.count(tensor);
    for (int i = 0; i < n; i++) {
      boolean ok = comparison.test(Elements.get(data, tensor.dataType(), i), value);
      if (ok != all) {
        return ok;
      }
    }
    return all;
  }

  /** Returns whether this condition only asks whether its tensor exists. */
  public boolean isExistenceTest() {
    return quantifier == Quantifier.PRESENT || quantifier == Quantifier.ABSENT;
  }

  @Override
  public String toString() {
    return text;
  }
}
