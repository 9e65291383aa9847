package io.medulla.cache;

import static java.util.Objects.requireNonNull;

import io.medulla.repository.ModelRepository;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** Builds a {@link ModelCache}. A timer is required; everything else has a default. */
public final class ModelCacheBuilder {
  private final @Nullable ModelRepository repository;
  private MemoryBudget budget = MemoryBudget.unlimited();
  private Set<String> pinned = Set.of();
  private Ticker ticker = Ticker.system();
  private @Nullable Timer timer;
  private Executor loadExecutor =
      command -> Thread.ofPlatform().name("medulla-cache-load").daemon().start(command);
  private CacheListener listener = CacheListener.NOOP;

  ModelCacheBuilder(@Nullable ModelRepository repository) {
    this.repository = repository;
  }

  /** Sets the memory budget per device. Default: unlimited. */
  public ModelCacheBuilder budget(MemoryBudget budget) {
    this.budget = requireNonNull(budget, "budget");
    return this;
  }

  /**
   * Sets models pinned by the server's configuration; the repository's pinned models (marked in
   * their config) are added to them. Pinned models load at start and are never evicted. Default:
   * none.
   */
  public ModelCacheBuilder pinned(Set<String> pinned) {
    this.pinned = Set.copyOf(pinned);
    return this;
  }

  /** Sets the ticker for last-use times and waits. Default: {@link Ticker#system()}. */
  public ModelCacheBuilder ticker(Ticker ticker) {
    this.ticker = requireNonNull(ticker, "ticker");
    return this;
  }

  /** Sets the timer that fails waiting requests when their deadline passes. Required. */
  public ModelCacheBuilder timer(Timer timer) {
    this.timer = requireNonNull(timer, "timer");
    return this;
  }

  /**
   * Sets the executor that runs on-demand and pre-warm loads; each load blocks its thread until the
   * model is ready, and the requests waiting for it complete on that thread. Default: a new daemon
   * thread ({@code medulla-cache-load}) per load.
   */
  public ModelCacheBuilder loadExecutor(Executor loadExecutor) {
    this.loadExecutor = requireNonNull(loadExecutor, "loadExecutor");
    return this;
  }

  /** Sets the listener told about loads, evictions, cold starts and refusals. Default: none. */
  public ModelCacheBuilder listener(CacheListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Returns the cache, bound to the builder's repository if it was given one.
   *
   * @throws IllegalStateException if no timer was set
   */
  public ModelCache build() {
    Timer t = timer;
    if (t == null) {
      throw new IllegalStateException("a model cache needs a timer: call timer(...)");
    }
    ModelCache cache = new ModelCache(budget, pinned, ticker, t, loadExecutor, listener);
    if (repository != null) {
      cache.bind(repository);
    }
    return cache;
  }
}
