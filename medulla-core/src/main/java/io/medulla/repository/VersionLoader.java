package io.medulla.repository;

import io.medulla.inference.ModelId;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one version through its backend and announces it to the lifecycle listener; closes loaded
 * versions. Called without locks that requests need.
 */
final class VersionLoader {
  private static final Logger logger = LoggerFactory.getLogger(VersionLoader.class);

  private final ModelLifecycleListener listener;

  VersionLoader(ModelLifecycleListener listener) {
    this.listener = listener;
  }

  /**
   * Returns the loaded version, already announced by {@link ModelLifecycleListener#versionReady}.
   *
   * @throws ModelLoadException naming the model-relative file and the problem
   */
  ServedModel load(PreparedModel prepared, VersionPlan plan) {
    ModelConfig config = prepared.config();
    ModelId id = new ModelId(config.name(), plan.version());
    LoadedModel loaded;
    try {
      loaded = prepared.backend().load(ModelSpecs.of(id, plan.file(), config));
    } catch (ModelLoadException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      throw m.startsWith(config.name() + "/")
          ? e
          : new ModelLoadException(plan.relativeFile() + ": " + m, e);
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          plan.relativeFile()
              + ": backend '"
              + prepared.backend().name()
              + "' failed to load it ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
    ServedModel served = new ServedModel(id, config, plan.sha256(), loaded);
    try {
      listener.versionReady(served);
    } catch (RuntimeException e) {
      close(served);
      throw new ModelLoadException(
          plan.relativeFile()
              + ": the lifecycle listener refused it ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
    return served;
  }

  /** Closes a version's instances; logs instead of throwing. */
  void close(ServedModel served) {
    try {
      served.model().close();
    } catch (RuntimeException e) {
      logger.warn(
          "model '{}': closing version {} failed", served.id().name(), served.id().version(), e);
    }
  }
}
