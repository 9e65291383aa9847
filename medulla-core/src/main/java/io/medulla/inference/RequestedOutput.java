package io.medulla.inference;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * An output the caller asked for by name, with its per-output parameters (such as the protocol's
 * {@code binary_data}), passed through untouched.
 *
 * @param name the output name
 * @param parameters the output's parameters
 */
public record RequestedOutput(String name, Map<String, Object> parameters) {
  /** Creates a requested output; copies the parameters. */
  public RequestedOutput {
    requireNonNull(name, "name");
    parameters = Parameters.copyOf(parameters);
  }

  /** Returns a requested output without parameters. */
  public static RequestedOutput named(String name) {
    return new RequestedOutput(name, Map.of());
  }
}
