package io.medulla.repository;

import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelLoadException;
import java.util.List;

/**
 * Runs a version's warm-up requests on every one of its instances before it serves, so that the
 * first real requests do not pay for lazy initialisation (allocation, kernel selection, JIT).
 *
 * <p>Thread safety: stateless; the caller owns the loaded model, which no scheduler uses yet.
 */
final class Warmup {
  private Warmup() {}

  /**
   * Runs each request {@code count} times on each instance, instance by instance, asking for every
   * configured output; returns the number of executions.
   *
   * @throws ModelLoadException naming the model, the version, the request and the error when an
   *     execution fails
   */
  static int run(ServedModel served, List<WarmupRequest> requests) {
    LoadedModel model = served.model();
    List<String> outputs = served.config().outputs().stream().map(ModelOutput::name).toList();
    int runs = 0;
    for (int instance = 0; instance < model.instanceCount(); instance++) {
      for (WarmupRequest request : requests) {
        for (int i = 0; i < request.count(); i++) {
          try {
            model.instance(instance).execute(request.inputs(), outputs);
          } catch (RuntimeException e) {
            throw new ModelLoadException(
                "model '"
                    + served.id().name()
                    + "' version "
                    + served.id().version()
                    + ": warm-up '"
                    + request.name()
                    + "' failed on instance "
                    + instance
                    + ": "
                    + describe(e),
                e);
          }
          runs++;
        }
      }
    }
    return runs;
  }

  private static String describe(RuntimeException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
