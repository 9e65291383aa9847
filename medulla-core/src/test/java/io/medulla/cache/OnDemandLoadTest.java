package io.medulla.cache;

import static io.medulla.cache.CacheHarness.done;
import static io.medulla.cache.CacheHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.Deadline;
import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.StatusCode;
import io.medulla.repository.LoadCause;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OnDemandLoadTest {
  private static final MemoryBudget BUDGET = MemoryBudget.of("host", 1_000);

  @Test
  void concurrentRequestsShareOneLoadAndEachCountsAsAColdStart() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    ModelCache cache = h.build(BUDGET);

    List<CompletableFuture<ModelLease>> waiters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiters.add(cache.acquire("a", "", Deadline.none()));
    }
    assertThat(waiters).noneMatch(CompletableFuture::isDone);
    assertThat(h.executor.queued()).isEqualTo(1);
    assertThat(cache.loading()).containsExactly("a");

    h.clock.advance(Duration.ofMillis(250));
    h.executor.runAll();

    assertThat(h.repo.ensureLoadedCalls).containsExactly("a:ON_DEMAND");
    for (CompletableFuture<ModelLease> w : waiters) {
      ModelLease lease = done(w);
      assertThat(lease.coldStart()).isTrue();
      assertThat(lease.served().id()).isEqualTo(new ModelId("a", 1));
    }
    assertThat(h.events.starting("cold start")).hasSize(3);
    assertThat(h.events.coldStartWaits).containsOnly(Duration.ofMillis(250).toNanos());
    assertThat(h.events.starting("loaded")).containsExactly("loaded a/1 ON_DEMAND");
    assertThat(cache.residents()).singleElement().extracting(ResidentVersion::leases).isEqualTo(3);
    assertThat(cache.loading()).isEmpty();

    ModelLease warm = done(cache.acquire("a", "", Deadline.none()));
    assertThat(warm.coldStart()).isFalse();
    assertThat(h.executor.queued()).isZero();
    assertThat(h.events.starting("cold start")).hasSize(3);
  }

  @Test
  void requestsOnOtherThreadsWaitForTheSameLoad() throws Exception {
    CountDownLatch loadMayFinish = new CountDownLatch(1);
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100).blockLoadsOn(loadMayFinish);
    ExecutorService loader = Executors.newSingleThreadExecutor();
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try {
      ModelCache cache = h.build(BUDGET, Set.of(), loader);
      List<CompletableFuture<CompletableFuture<ModelLease>>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(
            CompletableFuture.supplyAsync(() -> cache.acquire("a", "", Deadline.none()), callers));
      }
      List<CompletableFuture<ModelLease>> waiters = new ArrayList<>();
      for (CompletableFuture<CompletableFuture<ModelLease>> call : calls) {
        waiters.add(call.get(10, TimeUnit.SECONDS));
      }
      // The load cannot finish before the latch opens, so all three joined the one flight.
      assertThat(waiters).noneMatch(CompletableFuture::isDone);

      loadMayFinish.countDown();
      for (CompletableFuture<ModelLease> w : waiters) {
        assertThat(w.get(10, TimeUnit.SECONDS).coldStart()).isTrue();
      }
      assertThat(h.repo.ensureLoadedCalls).containsExactly("a:ON_DEMAND");
      // Listeners hear of a cold start after the request has its lease: let the loader finish.
      loader.shutdown();
      assertThat(loader.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(h.events.starting("cold start")).hasSize(3);
    } finally {
      loader.shutdownNow();
      callers.shutdownNow();
    }
  }

  @Test
  void aPassedDeadlineFailsOnlyThatRequestAndTheLoadGoesOn() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    ModelCache cache = h.build(BUDGET);

    CompletableFuture<ModelLease> hurried =
        cache.acquire("a", "", h.deadlineIn(Duration.ofMillis(100)));
    CompletableFuture<ModelLease> patient =
        cache.acquire("a", "", h.deadlineIn(Duration.ofSeconds(10)));
    h.clock.advance(Duration.ofMillis(150));

    assertThat(failure(hurried))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage("the deadline passed while model 'a' was loading; the load goes on");
    assertThat(patient).isNotDone();

    h.executor.runAll();

    assertThat(done(patient).coldStart()).isTrue();
    assertThat(cache.residents()).singleElement().extracting(ResidentVersion::leases).isEqualTo(1);
    assertThat(h.events.starting("cold start")).hasSize(1);
    assertThat(h.clock.nextDueNanos()).as("the patient request's timer is cancelled").isEmpty();
  }

  @Test
  void aRequestWhoseDeadlineHasPassedStartsNoLoad() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    ModelCache cache = h.build(BUDGET);

    CompletableFuture<ModelLease> late = cache.acquire("a", "", h.deadlineIn(Duration.ZERO));

    assertThat(failure(late))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("before model 'a' could load");
    assertThat(h.executor.queued()).isZero();
  }

  @Test
  void anUnknownModelFailsAtOnce() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    ModelCache cache = h.build(BUDGET);

    CompletableFuture<ModelLease> f = cache.acquire("nope", "", Deadline.none());

    assertThat(failure(f)).isInstanceOf(ModelNotFoundException.class);
    assertThat(h.executor.queued()).isZero();
  }

  @Test
  void aFailedLoadFailsEveryWaiterWithUnavailableAndReleasesItsReservation() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100).failing("a/1/model.onnx: not an ONNX file");
    ModelCache cache = h.build(BUDGET);

    CompletableFuture<ModelLease> first = cache.acquire("a", "", Deadline.none());
    CompletableFuture<ModelLease> second = cache.acquire("a", "", Deadline.none());
    h.executor.runAll();

    for (CompletableFuture<ModelLease> f : List.of(first, second)) {
      assertThat(failure(f))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining("not an ONNX file")
          .extracting(e -> ((InferenceException) e).status())
          .isEqualTo(StatusCode.UNAVAILABLE);
    }
    assertThat(cache.memory()).containsExactly(new DeviceMemory("host", 0, 0, 1_000));
    assertThat(h.events.starting("cold start")).isEmpty();
  }

  @Test
  void aModelThatFailsToLoadIsNotTriedAgainUntilItsBackOffHasPassed() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100).failing("a/1/model.onnx: not an ONNX file");
    ModelCache cache = h.build(BUDGET);
    CompletableFuture<ModelLease> first = cache.acquire("a", "", Deadline.none());
    h.executor.runAll();
    assertThat(failure(first)).hasMessageContaining("not an ONNX file");

    // Within the first second: refused at once, with the reason and when to ask again.
    h.clock.advance(Duration.ofMillis(400));
    CompletableFuture<ModelLease> soon = cache.acquire("a", "", Deadline.none());
    assertThat(h.executor.queued()).isZero();
    InferenceException refused = (InferenceException) failure(soon);
    assertThat(refused.status()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(refused.getMessage())
        .contains("not an ONNX file", "failed 1 time in a row; not tried again for 1 s");
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(600));

    // Then one more attempt; it fails again, and the back-off doubles.
    h.clock.advance(Duration.ofMillis(600));
    CompletableFuture<ModelLease> second = cache.acquire("a", "", Deadline.none());
    h.executor.runAll();
    assertThat(failure(second)).hasMessageContaining("not an ONNX file");
    h.clock.advance(Duration.ofMillis(1_999));
    assertThat(failure(cache.acquire("a", "", Deadline.none())))
        .hasMessageContaining("failed 2 times in a row");
    assertThat(h.repo.ensureLoadedCalls).hasSize(2);

    // Fixed on disk: the next attempt after the back-off loads it, and the count starts over.
    h.repo.model("a").failing("");
    h.clock.advance(Duration.ofMillis(1));
    CompletableFuture<ModelLease> fixed = cache.acquire("a", "", Deadline.none());
    h.executor.runAll();
    assertThat(done(fixed).coldStart()).isTrue();
    assertThat(h.repo.ensureLoadedCalls).hasSize(3);
  }

  @Test
  void aLoadRefusedForRoomSaysWhenToAskAgainAndStartsNoBackOff() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("big", 2_000);
    ModelCache cache = h.build(BUDGET);

    CompletableFuture<ModelLease> first = cache.acquire("big", "", Deadline.none());
    h.executor.runAll();
    CompletableFuture<ModelLease> again = cache.acquire("big", "", Deadline.none());
    h.executor.runAll();

    assertThat(((InferenceException) failure(first)).retryAfter())
        .isEqualTo(ModelCache.REFUSAL_RETRY_AFTER);
    assertThat(failure(again)).hasMessageNotContaining("in a row");
    assertThat(h.repo.ensureLoadedCalls).hasSize(2);
  }

  @Test
  void aVersionThatFailsAfterLoadingHoldsNoMemory() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100).failingWarmup("warm-up request 1 failed");
    ModelCache cache = h.build(BUDGET);

    CompletableFuture<ModelLease> f = cache.acquire("a", "", Deadline.none());
    h.executor.runAll();

    assertThat(failure(f)).hasMessageContaining("warm-up request 1 failed");
    assertThat(cache.residents()).isEmpty();
    assertThat(cache.memory()).containsExactly(new DeviceMemory("host", 0, 0, 1_000));
  }

  @Test
  void explicitModeLoadsOnDemandOnlyModelsTheCacheEvicted() {
    CacheHarness h = new CacheHarness(ModelControlMode.EXPLICIT);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 100));
    cache.start(Set.of("a"));

    CompletableFuture<ModelLease> neverLoaded = cache.acquire("b", "", Deadline.none());
    assertThat(failure(neverLoaded)).isInstanceOf(ModelNotReadyException.class);
    assertThat(h.executor.queued()).isZero();

    h.repo.load("b"); // through the repository API: the budget evicts 'a'
    assertThat(h.repo.evictedIds()).containsExactly("a/1");

    ModelLease a = h.lease("a");
    assertThat(a.coldStart()).isTrue();
    a.close();
    assertThat(h.repo.evictedIds()).containsExactly("a/1", "b/1");

    h.repo.unload("a"); // an operator's unload is not the cache's eviction
    CompletableFuture<ModelLease> unloaded = cache.acquire("a", "", Deadline.none());
    assertThat(failure(unloaded)).isInstanceOf(ModelNotReadyException.class);

    assertThat(h.lease("b").coldStart()).isTrue();
  }

  @Test
  void explicitModeForgetsTheEvictionOfAModelTheOperatorUnloads() {
    CacheHarness h = new CacheHarness(ModelControlMode.EXPLICIT);
    h.repo.add("m", 100).versions(1L, 2L);
    h.repo.add("x", 100);
    h.repo.add("y", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 300));
    cache.start(Set.of("m"));
    h.repo.load("x");
    h.repo.load("y"); // evicts m/1, the least recently used; m/2 still serves
    assertThat(h.repo.evictedIds()).containsExactly("m/1");

    h.repo.unload("m");

    CompletableFuture<ModelLease> m = cache.acquire("m", "", Deadline.none());
    assertThat(failure(m)).isInstanceOf(ModelNotReadyException.class);
    assertThat(h.executor.queued()).isZero();
  }

  @Test
  void aRequestForAVersionBeingEvictedLoadsItAgain() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("c", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    cache.start(Set.of("a", "c"));
    h.use("c");
    AtomicReference<CompletableFuture<ModelLease>> raced = new AtomicReference<>();
    h.repo.beforeEvict =
        id -> {
          if (id.name().equals("a") && raced.get() == null) {
            // Resolves to the version still, but it is claimed for eviction.
            raced.set(cache.acquire("a", "", Deadline.none()));
          }
        };

    ModelLease b = h.lease("b");

    assertThat(done(raced.get()).coldStart()).isTrue();
    assertThat(h.repo.evictedIds()).containsExactly("a/1", "c/1");
    assertThat(h.repo.ensureLoadedCalls).containsExactly("b:ON_DEMAND", "a:ON_DEMAND");
    assertThat(b.coldStart()).isTrue();
  }

  @Test
  void closeFailsWaitingRequestsButServesLoadedModels() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    ModelCache cache = h.build(BUDGET);
    cache.start(Set.of("b"));
    CompletableFuture<ModelLease> waiting =
        cache.acquire("a", "", h.deadlineIn(Duration.ofSeconds(5)));

    cache.close();

    assertThat(failure(waiting))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("shutting down");
    assertThat(h.clock.nextDueNanos()).isEmpty();
    assertThat(failure(cache.acquire("a", "", Deadline.none())))
        .hasMessageContaining("shutting down");
    assertThat(failure(cache.prewarm("a", LoadCause.SCHEDULE)))
        .hasMessageContaining("shutting down");
    assertThat(done(cache.acquire("b", "", Deadline.none())).coldStart()).isFalse();

    h.executor.runAll(); // the load in progress finishes in the background
    assertThat(cache.isReady("a")).isTrue();
    assertThat(cache.residents())
        .filteredOn(r -> r.id().name().equals("a"))
        .singleElement()
        .extracting(ResidentVersion::leases)
        .isEqualTo(0);
  }

  @Test
  void closingALeaseTwiceReleasesItOnce() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    ModelCache cache = h.build(BUDGET);
    ModelLease first = h.lease("a");
    ModelLease second = done(cache.acquire("a", "", Deadline.none()));

    first.close();
    first.close();

    assertThat(cache.residents()).singleElement().extracting(ResidentVersion::leases).isEqualTo(1);
    second.close();
    assertThat(cache.residents()).singleElement().extracting(ResidentVersion::leases).isEqualTo(0);
  }

  @Test
  void aCacheMustBeBoundOnceAndHaveATimer() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    ModelCache cache = h.build(BUDGET);

    assertThatThrownBy(() -> cache.bind(h.repo)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ModelCache.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("timer");
    ModelCache unbound = ModelCache.builder().timer(h.clock).build();
    assertThat(failure(unbound.acquire("a", "", Deadline.none())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bind");
  }
}
