package io.medulla.graph;

/**
 * Signals a graph that cannot be served as written. The message names the graph, the step and the
 * field, says what was found and what was expected, and never holds a server file path.
 */
public final class InvalidGraphException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names graph, step and field. */
  public InvalidGraphException(String message) {
    super(message);
  }
}
