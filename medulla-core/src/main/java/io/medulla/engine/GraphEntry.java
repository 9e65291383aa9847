package io.medulla.engine;

import static java.util.Objects.requireNonNull;

import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphExecutor;
import org.jspecify.annotations.Nullable;

/**
 * One graph in the catalog: a servable executor, or the reason there is none.
 *
 * @param name the graph name
 * @param platform {@code medulla_graph} or {@code ensemble}
 * @param sha256 the SHA-256 of its file, its provenance
 * @param key what it was built from (file hash and model signatures), to reuse it when unchanged
 * @param definition the definition, when the file could be read
 * @param executor the executor, when the graph is valid
 * @param problem why it cannot be served; empty when it can
 * @param awaitingModels whether it could not be checked only because a model it calls has not
 *     loaded yet (its configuration is known once it loads): loading its models may make it valid
 */
record GraphEntry(
    String name,
    String platform,
    String sha256,
    String key,
    @Nullable GraphDefinition definition,
    @Nullable GraphExecutor executor,
    String problem,
    boolean awaitingModels) {
  GraphEntry {
    requireNonNull(name, "name");
    requireNonNull(platform, "platform");
    requireNonNull(sha256, "sha256");
    requireNonNull(key, "key");
    requireNonNull(problem, "problem");
  }

  /** Creates an entry that is not waiting for its models to load. */
  GraphEntry(
      String name,
      String platform,
      String sha256,
      String key,
      @Nullable GraphDefinition definition,
      @Nullable GraphExecutor executor,
      String problem) {
    this(name, platform, sha256, key, definition, executor, problem, false);
  }
}
