package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The tensor functions graph steps may call, by name: the built-ins plus any registered by the
 * composition root. Immutable and thread-safe.
 */
public final class FunctionRegistry {
  private static final FunctionRegistry BUILTINS = builder().build();

  private final Map<String, TensorFunction> functions;

  private FunctionRegistry(Map<String, TensorFunction> functions) {
    this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
  }

  /** Returns a registry of the built-in functions only. */
  public static FunctionRegistry builtins() {
    return BUILTINS;
  }

  /** Returns a builder that starts with the built-in functions. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the function registered as {@code name}, or null. */
  public @Nullable TensorFunction get(String name) {
    return functions.get(name);
  }

  /** Returns every registered name, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(functions.keySet()));
  }

  /** Builds a {@link FunctionRegistry}. */
  public static final class Builder {
    private final Map<String, TensorFunction> functions = new LinkedHashMap<>();

    private Builder() {
      functions.put("argmax", ReductionFunctions.argmax());
      functions.put("top_k", ReductionFunctions.topK());
      functions.put("softmax", ReductionFunctions.softmax());
      functions.put("threshold", ElementwiseFunctions.compare(true));
      functions.put("compare", ElementwiseFunctions.compare(false));
      functions.put("cast", ElementwiseFunctions.cast());
      functions.put("reshape", ShapeFunctions.reshape());
      functions.put("slice", ShapeFunctions.slice());
      functions.put("concat", ShapeFunctions.concat());
      functions.put("coalesce", ShapeFunctions.coalesce());
    }

    /**
     * Registers {@code function} as {@code name}.
     *
     * @throws IllegalArgumentException if the name is taken (built-ins cannot be replaced) or is
     *     not a valid step name
     */
    public Builder add(String name, TensorFunction function) {
      requireNonNull(name, "name");
      requireNonNull(function, "function");
      if (!GraphStep.isValidName(name)) {
        throw new IllegalArgumentException(
            "function name '" + name + "' (expected: letters, digits, _ and -)");
      }
      if (functions.putIfAbsent(name, function) != null) {
        throw new IllegalArgumentException(
            "function name '" + name + "' is already registered (expected: a new name)");
      }
      return this;
    }

    /** Returns the registry. */
    public FunctionRegistry build() {
      return new FunctionRegistry(functions);
    }
  }
}
