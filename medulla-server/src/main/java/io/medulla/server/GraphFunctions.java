package io.medulla.server;

import io.medulla.graph.FunctionRegistry;
import io.medulla.graph.TensorFunctionProvider;
import java.util.ServiceLoader;

/** Builds the function registry of graph steps: the built-ins plus every provider found. */
final class GraphFunctions {
  private GraphFunctions() {}

  /** Returns the built-ins and the functions of each {@link TensorFunctionProvider} found. */
  static FunctionRegistry discover() {
    FunctionRegistry.Builder registry = FunctionRegistry.builder();
    for (TensorFunctionProvider provider : ServiceLoader.load(TensorFunctionProvider.class)) {
      provider.functions().forEach(registry::add);
    }
    return registry.build();
  }
}
