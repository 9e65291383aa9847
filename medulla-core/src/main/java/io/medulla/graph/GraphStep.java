package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One step of a graph. Its dependencies are the steps its inputs and conditions refer to; there is
 * no separate edge list.
 *
 * @param name the step's name, unique in its graph: letters, digits, {@code _} and {@code -}
 * @param call the model or function it runs
 * @param inputs each of the callee's inputs, by name, bound to an earlier tensor, in order
 * @param when conditions that must all hold for the step to run; otherwise it is skipped and its
 *     outputs are absent
 * @param timeout how long the step may take, or null for no limit of its own (the graph's deadline
 *     still applies)
 * @param onError what its failure does to the graph
 */
public record GraphStep(
    String name,
    StepCall call,
    Map<String, TensorRef> inputs,
    List<Condition> when,
    @Nullable Duration timeout,
    ErrorPolicy onError) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

  /** Creates a step; validates the name and copies the collections, keeping input order. */
  public GraphStep {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches() || name.equals(TensorRef.INPUTS)) {
      throw new IllegalArgumentException(
          "step name '"
              + name
              + "' (expected: letters, digits, _ and -, and not '"
              + TensorRef.INPUTS
              + "')");
    }
    requireNonNull(call, "call");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    when = List.copyOf(when);
    requireNonNull(onError, "onError");
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
  }

  /** Returns whether a step name is valid. */
  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches() && !name.equals(TensorRef.INPUTS);
  }
}
