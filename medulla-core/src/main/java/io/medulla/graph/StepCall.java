package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a graph step does: call a model, or apply a registered tensor function. */
public sealed interface StepCall {
  /**
   * Calls a model through the graph's step {@link io.medulla.inference.Inferencer}.
   *
   * @param model the model name
   * @param version a version number, or {@code ""} to let the model's version policy choose
   */
  record Model(String model, String version) implements StepCall {
    /** Creates a model call; validates the fields. */
    public Model {
      requireNonNull(model, "model");
      requireNonNull(version, "version");
      if (model.isEmpty()) {
        throw new IllegalArgumentException("model: empty (expected: a model name)");
      }
    }

    @Override
    public String target() {
      return model;
    }
  }

  /**
   * Applies a {@link TensorFunction} in-process.
   *
   * @param function the name it is registered under
   * @param attributes its attributes (Long, Double, String, Boolean, or lists of them), in order
   */
  record Function(String function, Map<String, Object> attributes) implements StepCall {
    /** Creates a function call; copies the attributes, keeping their order. */
    public Function {
      requireNonNull(function, "function");
      attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    @Override
    public String target() {
      return function;
    }
  }

  /** Returns the model or function name. */
  String target();
}
