package io.medulla.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.Deadline;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelLease;
import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A cache over a {@link FakeRepository}, wired as the composition root wires them, on virtual time
 * and a queued load executor.
 */
final class CacheHarness {
  final VirtualClock clock = new VirtualClock();
  final QueuedExecutor executor = new QueuedExecutor();
  final RecordingCacheListener events = new RecordingCacheListener();
  final FakeRepository repo;
  private ModelCache cache;

  CacheHarness(ModelControlMode mode) {
    repo = new FakeRepository(mode);
  }

  ModelCache build(MemoryBudget budget) {
    return build(budget, Set.of(), executor);
  }

  ModelCache build(MemoryBudget budget, Set<String> pinned, Executor loadExecutor) {
    ModelCache cache =
        ModelCache.builder()
            .budget(budget)
            .pinned(pinned)
            .ticker(clock)
            .timer(clock)
            .loadExecutor(loadExecutor)
            .listener(events)
            .build();
    repo.wire(cache, cache.lifecycleListener());
    cache.bind(repo);
    this.cache = cache;
    return cache;
  }

  /** Acquires without deadline, running any load it starts; returns the lease. */
  ModelLease lease(String model) {
    CompletableFuture<ModelLease> f = cache.acquire(model, "", Deadline.none());
    executor.runAll();
    return done(f);
  }

  /** Acquires and releases at once, one virtual millisecond later: a short request. */
  void use(String model) {
    clock.advance(Duration.ofMillis(1));
    lease(model).close();
  }

  /** Returns the value of a future that must have completed already (never waits for it). */
  static <T> T done(CompletableFuture<T> f) {
    assertThat(f).as("completed").isCompleted();
    return f.join();
  }

  /** Returns why a future that must have failed already failed (never waits for it). */
  static Throwable failure(CompletableFuture<?> f) {
    assertThat(f).as("failed").isCompletedExceptionally();
    return f.handle((v, e) -> e).join();
  }

  /** Starts a deadline {@code timeout} from now on the harness clock. */
  Deadline deadlineIn(Duration timeout) {
    return Deadline.after(clock.nanos(), timeout);
  }
}
