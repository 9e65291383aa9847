package io.medulla.repository;

import io.medulla.inference.ModelId;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelLoadException;
import io.medulla.time.Ticker;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one version through its backend, warms it up, measures what that cost and announces it to
 * the lifecycle listener; closes loaded versions. Called without locks that requests need.
 *
 * <p>Memory is measured as the larger of what the backend reports and how much the process's
 * resident set grew over load and warm-up; concurrent loads of other models can inflate the latter,
 * which errs on the side of reserving too much.
 */
final class VersionLoader {
  private static final Logger logger = LoggerFactory.getLogger(VersionLoader.class);

  private final ModelLifecycleListener listener;
  private final Ticker ticker;
  private final ResidentMemory memory;

  VersionLoader(ModelLifecycleListener listener, Ticker ticker, ResidentMemory memory) {
    this.listener = listener;
    this.ticker = ticker;
    this.memory = memory;
  }

  /**
   * Loads a version, runs {@code warming} once the backend has loaded it, then its warm-up on every
   * instance, then tells the listener {@link ModelLifecycleListener#versionLoaded} and {@link
   * ModelLifecycleListener#versionReady}. On any failure after the backend load, closes the
   * version.
   *
   * @throws ModelLoadException naming the model and the problem
   */
  LoadedVersion load(PreparedModel prepared, VersionPlan plan, Runnable warming) {
    ModelConfig config = prepared.config();
    ModelId id = new ModelId(config.name(), plan.version());
    // Built before the load: a missing or mis-sized warm-up file should not cost a load.
    List<WarmupRequest> warmups = WarmupPlan.of(config, prepared.dir());
    long residentBefore = memory.bytes();
    long loadStart = ticker.nanos();
    LoadedModel loaded = backendLoad(prepared, plan, id);
    long loadNanos = Math.max(0, ticker.nanos() - loadStart);
    ServedModel served = new ServedModel(id, config, plan.sha256(), loaded);
    LoadReport report;
    long measured;
    try {
      warming.run();
      long warmupStart = ticker.nanos();
      int runs = Warmup.run(served, warmups);
      long warmupNanos = Math.max(0, ticker.nanos() - warmupStart);
      long residentAfter = memory.bytes();
      long growth =
          residentBefore > 0 && residentAfter > residentBefore ? residentAfter - residentBefore : 0;
      measured = Math.max(Math.max(0, loaded.memoryBytes()), growth);
      report =
          new LoadReport(
              id,
              loadNanos,
              warmupNanos,
              runs,
              Footprints.device(config.instanceGroups()),
              declared(config).orElse(measured));
    } catch (ModelLoadException e) {
      close(served);
      throw e;
    } catch (RuntimeException e) {
      close(served);
      throw new ModelLoadException(
          plan.relativeFile() + ": warm-up failed (" + e.getClass().getSimpleName() + ")", e);
    }
    try {
      listener.versionLoaded(served, report);
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
    return new LoadedVersion(served, report, measured);
  }

  private static LoadedModel backendLoad(PreparedModel prepared, VersionPlan plan, ModelId id) {
    ModelConfig config = prepared.config();
    try {
      return prepared.backend().load(ModelSpecs.of(id, plan.file(), config));
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
  }

  /** Returns the declared footprint; the preparer has already refused a malformed one. */
  static OptionalLong declared(ModelConfig config) {
    try {
      return MedullaParameters.memoryBytes(config.parameters());
    } catch (IllegalArgumentException e) {
      return OptionalLong.empty();
    }
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
