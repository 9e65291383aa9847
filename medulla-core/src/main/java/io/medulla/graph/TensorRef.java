package io.medulla.graph;

import static java.util.Objects.requireNonNull;

/**
 * Points at a tensor a graph step can read: a graph input ({@code inputs.image}) or a step output
 * ({@code classify.probabilities}). The source ends at the first dot; tensor names may contain
 * dots.
 *
 * @param source {@value #INPUTS} for a graph input, else a step name
 * @param tensor the input's or output's name
 */
public record TensorRef(String source, String tensor) {
  /** The source name that means the graph's own inputs. */
  public static final String INPUTS = "inputs";

  /** Creates a reference; both parts must be non-empty and the source must hold no dot. */
  public TensorRef {
    requireNonNull(source, "source");
    requireNonNull(tensor, "tensor");
    if (source.isEmpty() || tensor.isEmpty() || source.contains(".")) {
      throw new IllegalArgumentException(
          "'" + source + "." + tensor + "' (expected: <step>.<output> or inputs.<input>)");
    }
  }

  /**
   * Returns the reference written as {@code source.tensor}.
   *
   * @throws IllegalArgumentException if the text has no dot or an empty part
   */
  public static TensorRef parse(String text) {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a reference (expected: <step>.<output> or inputs.<input>)");
    }
    return new TensorRef(text.substring(0, dot), text.substring(dot + 1));
  }

  /** Returns a reference to a graph input. */
  public static TensorRef input(String name) {
    return new TensorRef(INPUTS, name);
  }

  /** Returns whether this points at a graph input. */
  public boolean isGraphInput() {
    return source.equals(INPUTS);
  }

  @Override
  public String toString() {
    return source + "." + tensor;
  }
}
