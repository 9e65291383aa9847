package io.medulla.graph;

import java.util.Map;

/**
 * Contributes in-process tensor functions to a server without changing its code: the server finds
 * implementations with {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/io.medulla.graph.TensorFunctionProvider} of a jar on the class path) and
 * registers each function under its name beside the built-ins. docs/GRAPHS.md shows an example.
 */
public interface TensorFunctionProvider {
  /** Returns the functions to register, by name; a name may not repeat a built-in's. */
  Map<String, TensorFunction> functions();
}
