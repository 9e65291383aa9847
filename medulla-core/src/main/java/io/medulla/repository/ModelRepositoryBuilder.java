package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import io.medulla.runtime.Backend;
import io.medulla.time.Ticker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/** Builds a {@link ModelRepository}. */
public final class ModelRepositoryBuilder {
  private final Path root;
  private List<Backend> backends = List.of();
  private ModelControlMode controlMode = ModelControlMode.NONE;
  private boolean strictModelConfig;
  private ModelLifecycleListener listener = ModelLifecycleListener.NOOP;
  private Executor loadExecutor = Runnable::run;
  private Ticker ticker = Ticker.system();
  private LoadGate loadGate = LoadGate.OPEN;
  private ResidentMemory residentMemory = ResidentMemory.ofProcess();

  ModelRepositoryBuilder(Path root) {
    this.root = requireNonNull(root, "root");
  }

  /** Sets the backends, tried in order for each model. Default: none (every model fails). */
  public ModelRepositoryBuilder backends(List<Backend> backends) {
    this.backends = List.copyOf(backends);
    return this;
  }

  /** Sets the model control mode. Default: {@link ModelControlMode#NONE}, as Triton's. */
  public ModelRepositoryBuilder controlMode(ModelControlMode controlMode) {
    this.controlMode = requireNonNull(controlMode, "controlMode");
    return this;
  }

  /**
   * Sets whether configs must be complete (Triton's {@code --strict-model-config}); when false,
   * missing fields are completed from the model file. Default: false.
   */
  public ModelRepositoryBuilder strictModelConfig(boolean strictModelConfig) {
    this.strictModelConfig = strictModelConfig;
    return this;
  }

  /** Sets the listener told about versions becoming ready and unloading. Default: no-op. */
  public ModelRepositoryBuilder listener(ModelLifecycleListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Sets the executor that loads different models concurrently during {@code start} and {@code
   * poll}. Default: the calling thread, one model after another.
   */
  public ModelRepositoryBuilder loadExecutor(Executor loadExecutor) {
    this.loadExecutor = requireNonNull(loadExecutor, "loadExecutor");
    return this;
  }

  /**
   * Sets the ticker that times loads and warm-ups for {@link LoadReport}. Default: {@link
   * Ticker#system()}.
   */
  public ModelRepositoryBuilder ticker(Ticker ticker) {
    this.ticker = requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * Sets the gate consulted before and after every version load (the model cache's memory budget).
   * Default: {@link LoadGate#OPEN}, which admits everything.
   */
  public ModelRepositoryBuilder loadGate(LoadGate loadGate) {
    this.loadGate = requireNonNull(loadGate, "loadGate");
    return this;
  }

  /** Sets the probe of the process's resident memory. Default: {@code /proc/self/statm}. */
  ModelRepositoryBuilder residentMemory(ResidentMemory residentMemory) {
    this.residentMemory = requireNonNull(residentMemory, "residentMemory");
    return this;
  }

  /** Returns a new repository; call {@link ModelRepository#start} to load models. */
  public ModelRepository build() {
    return new DefaultModelRepository(
        root,
        backends,
        controlMode,
        strictModelConfig,
        listener,
        loadExecutor,
        ticker,
        loadGate,
        residentMemory);
  }
}
