package io.medulla.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.OverloadedException;
import io.medulla.inference.QueueFullException;
import io.medulla.inference.QuotaExceededException;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.tenancy.TenantPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
  private final BatcherHarness h = new BatcherHarness(1);

  private static BatchPolicy batching(int max) {
    return BatchPolicy.clinicalDefaults(max, List.of(), Duration.ZERO);
  }

  /** Returns why {@code f} failed; never blocks (a pending future fails the test). */
  private static Throwable failure(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    Throwable t = catchThrowable(f::join);
    return t instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : t;
  }

  /** Occupies the single instance so later requests queue up. */
  private CompletableFuture<InferenceResponse> occupy(DynamicBatcher b) {
    return b.schedule(h.request(999, "busy", 1, 1, 2, null));
  }

  @Test
  void compatibleRequestsRunAsOneBatchAndEachGetsItsOwnRows() {
    DynamicBatcher b = h.batcher(batching(8));
    occupy(b);
    List<InferenceRequest> requests = new ArrayList<>();
    List<CompletableFuture<InferenceResponse>> futures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      InferenceRequest r = h.request(i, "a", 0, i + 1, 3, null);
      requests.add(r);
      futures.add(b.schedule(r));
    }
    h.runToIdle();
    assertThat(h.executed).hasSize(2);
    assertThat(h.executed.get(1).requests()).containsExactly(0, 1, 2);
    assertThat(h.executed.get(1).samples()).isEqualTo(6);
    for (int i = 0; i < 3; i++) {
      InferenceResponse resp = futures.get(i).join();
      assertThat(BatcherHarness.isDoubled(requests.get(i), resp)).isTrue();
      assertThat(resp.id()).isEqualTo("id" + i);
      assertThat(resp.modelVersion()).isEqualTo("1");
    }
    assertThat(h.listener.batchSizes).containsExactly(1, 6);
  }

  @Test
  void requestsOfDifferentShapesOrOutputsAreNeverMerged() {
    DynamicBatcher b = h.batcher(batching(8));
    occupy(b);
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    b.schedule(h.request(1, "a", 0, 1, 3, null));
    b.schedule(BatcherHarness.withOutputs(h.request(2, "a", 0, 1, 2, null), "ECHO"));
    b.schedule(h.request(3, "a", 0, 1, 2, null));
    h.runToIdle();
    assertThat(h.executed.stream().skip(1).map(BatcherHarness.Executed::requests))
        .containsExactlyInAnyOrder(List.of(0, 3), List.of(1), List.of(2));
  }

  @Test
  void tenantsNeverShareABatchUnlessTheModelOptsIn() {
    DynamicBatcher isolated = h.batcher(batching(8));
    occupy(isolated);
    isolated.schedule(h.request(0, "a", 0, 1, 2, null));
    isolated.schedule(h.request(1, "b", 0, 1, 2, null));
    h.runToIdle();
    assertThat(h.executed).hasSize(3);
    assertThat(h.listener.sharedBatches).containsOnly(false);

    BatcherHarness shared = new BatcherHarness(1);
    DynamicBatcher b =
        shared.batcher(
            BatchPolicy.builder()
                .maxBatchSize(8)
                .dynamicBatching(true)
                .sharedBatches(true)
                .build());
    b.schedule(shared.request(999, "busy", 0, 1, 2, null));
    b.schedule(shared.request(0, "a", 0, 1, 2, null));
    b.schedule(shared.request(1, "b", 0, 1, 2, null));
    shared.runToIdle();
    assertThat(shared.executed.get(1).requests()).containsExactlyInAnyOrder(0, 1);
    assertThat(shared.listener.sharedBatches).containsExactly(false, true);
  }

  @Test
  void statIsServedBeforeRoutineThatArrivedEarlier() {
    DynamicBatcher b = h.batcher(BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO));
    occupy(b);
    b.schedule(h.request(0, "a", ClinicalPriority.BULK.level(), 1, 2, null));
    b.schedule(h.request(1, "a", 0, 1, 2, null));
    b.schedule(h.request(2, "b", ClinicalPriority.STAT.level(), 1, 2, null));
    b.schedule(h.request(3, "a", ClinicalPriority.URGENT.level(), 1, 2, null));
    h.runToIdle();
    assertThat(h.executed.stream().skip(1).map(e -> e.requests().get(0)))
        .containsExactly(2, 3, 1, 0);
  }

  @Test
  void fifoModeServesInArrivalOrderRegardlessOfPriority() {
    DynamicBatcher b = h.batcher(BatchPolicy.fifo(0, List.of(), Duration.ZERO));
    occupy(b);
    b.schedule(h.request(0, "a", 4, 1, 2, null));
    b.schedule(h.request(1, "b", 1, 1, 2, null));
    b.schedule(h.request(2, "a", 2, 1, 2, null));
    h.runToIdle();
    assertThat(h.executed.stream().skip(1).map(e -> e.requests().get(0))).containsExactly(0, 1, 2);
    assertThat(h.listener.events).allMatch(e -> e.level() == 0);
  }

  @Test
  void batchWaitsForItsPreferredSizeButNoLongerThanTheQueueDelay() {
    BatchPolicy p = BatchPolicy.clinicalDefaults(8, List.of(4), Duration.ofMillis(5));
    DynamicBatcher b = h.batcher(p);
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    h.clock.advance(Duration.ofMillis(1));
    b.schedule(h.request(1, "a", 0, 2, 2, null));
    assertThat(h.executed).isEmpty();
    h.clock.advance(Duration.ofMillis(1));
    b.schedule(h.request(2, "a", 0, 1, 2, null));
    // 4 samples: a preferred size, so the batch goes at once.
    assertThat(h.executed).hasSize(1);
    assertThat(h.executed.get(0).requests()).containsExactly(0, 1, 2);
    h.runToIdle();

    b.schedule(h.request(3, "a", 0, 1, 2, null));
    long queuedAt = h.clock.nanos();
    h.runToIdle();
    assertThat(h.executed).hasSize(2);
    assertThat(h.executed.get(1).startNanos() - queuedAt).isEqualTo(Duration.ofMillis(5).toNanos());
  }

  @Test
  void batchDoesNotWaitSoLongThatItsDeadlineIsMissed() {
    BatchPolicy p = BatchPolicy.clinicalDefaults(8, List.of(4), Duration.ofMillis(50));
    DynamicBatcher b = h.batcher(p);
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    h.runToIdle(); // measures one run: 1.2 ms for one sample of width 2
    long start = h.clock.nanos();
    CompletableFuture<InferenceResponse> f =
        b.schedule(h.request(1, "a", 0, 1, 2, Duration.ofMillis(10)));
    h.runToIdle();
    assertThat(f).isCompleted();
    long waited = h.executed.get(1).startNanos() - start;
    assertThat(waited).isLessThan(Duration.ofMillis(10).toNanos()).isGreaterThan(0);
  }

  @Test
  void expiredRequestIsAnsweredAtItsDeadlineAndNeverComputed() {
    DynamicBatcher b = h.batcher(batching(4));
    h.cost = inputs -> Duration.ofMillis(100).toNanos();
    b.schedule(h.request(999, "busy", 0, 1, 2, null));
    CompletableFuture<InferenceResponse> f =
        b.schedule(h.request(0, "a", 0, 1, 2, Duration.ofMillis(20)));
    h.clock.advance(Duration.ofMillis(20));
    assertThat(failure(f)).isInstanceOf(DeadlineExceededException.class);
    h.runToIdle();
    assertThat(h.executed).hasSize(1);
    assertThat(h.listener.count("rejected", "r0")).isEqualTo(1);
  }

  @Test
  void requestThatCannotMeetItsDeadlineIsRefusedAtAdmission() {
    DynamicBatcher b = h.batcher(batching(4));
    h.cost = inputs -> Duration.ofMillis(30).toNanos();
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    h.runToIdle();
    CompletableFuture<InferenceResponse> f =
        b.schedule(h.request(1, "a", 0, 1, 2, Duration.ofMillis(10)));
    Throwable t = failure(f);
    assertThat(t).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("30 ms");
    assertThat(h.listener.events)
        .contains(new RecordingListener.Event("rejected", "r1", 3, "DEADLINE_UNMEETABLE"));
  }

  @Test
  void overloadRefusesLowerLevelsFirstAndStatOnlyWhenStatCannotBeServed() {
    DynamicBatcher b = h.batcher(BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO));
    h.cost = inputs -> Duration.ofMillis(10).toNanos();
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    h.runToIdle();
    for (int i = 1; i <= 10; i++) {
      b.schedule(h.request(i, "a", 3, 1, 2, null));
    }
    // About 105 ms of routine work is ahead: a routine request with 50 ms is refused ...
    Throwable routine = failure(b.schedule(h.request(20, "a", 3, 1, 2, Duration.ofMillis(50))));
    assertThat(routine).isInstanceOf(OverloadedException.class);
    assertThat(((InferenceException) routine).status()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(((InferenceException) routine).retryAfter()).isPositive();
    assertThat(routine.getMessage()).contains("priority level 3", "retry after");
    // ... but STAT with the same deadline only waits for the batch running now.
    CompletableFuture<InferenceResponse> stat =
        b.schedule(h.request(21, "a", 1, 1, 2, Duration.ofMillis(50)));
    h.runToIdle();
    assertThat(stat).isCompleted();
  }

  @Test
  void fullLevelQueueIsRefusedWithRetryAfter() {
    LevelPolicy small = new LevelPolicy(LevelPolicy.TimeoutAction.REJECT, Duration.ZERO, false, 2);
    DynamicBatcher b = h.batcher(BatchPolicy.builder().levelPolicies(Map.of(3, small)).build());
    occupy(b);
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    b.schedule(h.request(1, "a", 0, 1, 2, null));
    Throwable t = failure(b.schedule(h.request(2, "a", 0, 1, 2, null)));
    assertThat(t).isInstanceOf(QueueFullException.class).hasMessageContaining("max_queue_size 2");
    assertThat(((InferenceException) t).retryAfter()).isNotNull();
    // Other levels have their own queues.
    assertThat(b.schedule(h.request(3, "a", 2, 1, 2, null))).isNotCompletedExceptionally();
  }

  @Test
  void tenantLimitsRefuseOnlyThatTenant() {
    TenantId a = new TenantId("a");
    TenantPolicies policies =
        TenantPolicies.of(
            Map.of(a, new TenantPolicy(a, 1, 1, 0, 0)), TenantPolicy.defaults(TenantId.DEFAULT));
    DynamicBatcher b = h.batcher(batching(0), policies);
    occupy(b);
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    Throwable t = failure(b.schedule(h.request(1, "a", 0, 1, 2, null)));
    assertThat(t).isInstanceOf(QuotaExceededException.class).hasMessageContaining("tenant 'a'");
    assertThat(((InferenceException) t).retryAfter()).isNotNull();
    assertThat(b.schedule(h.request(2, "b", 0, 1, 2, null))).isNotCompletedExceptionally();
    assertThat(h.listener.events)
        .contains(new RecordingListener.Event("rejected", "r1", 3, "TENANT_QUEUE_LIMIT"));
  }

  @Test
  void inFlightLimitCountsExecutingRequests() {
    TenantId a = new TenantId("a");
    DynamicBatcher b =
        h.batcher(
            batching(0),
            TenantPolicies.of(
                Map.of(a, new TenantPolicy(a, 1, 0, 1, 0)), TenantPolicy.defaults(a)));
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    assertThat(failure(b.schedule(h.request(1, "a", 0, 1, 2, null))))
        .isInstanceOf(QuotaExceededException.class);
    h.runToIdle();
    assertThat(b.schedule(h.request(2, "a", 0, 1, 2, null))).isNotCompletedExceptionally();
  }

  @Test
  void rateLimitRefillsOnTheTicker() {
    TenantId a = new TenantId("a");
    DynamicBatcher b =
        h.batcher(
            batching(0),
            TenantPolicies.of(
                Map.of(a, new TenantPolicy(a, 1, 0, 0, 2)), TenantPolicy.defaults(a)));
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    b.schedule(h.request(1, "a", 0, 1, 2, null));
    Throwable t = failure(b.schedule(h.request(2, "a", 0, 1, 2, null)));
    assertThat(t)
        .isInstanceOf(QuotaExceededException.class)
        .hasMessageContaining("2.0 requests per second");
    assertThat(((InferenceException) t).retryAfter()).isEqualTo(Duration.ofMillis(500));
    h.clock.advance(Duration.ofMillis(500));
    assertThat(b.schedule(h.request(3, "a", 0, 1, 2, null))).isNotCompletedExceptionally();
  }

  @Test
  void cancelledRequestLeavesTheQueueAtOnceAndIsNeverComputed() {
    DynamicBatcher b = h.batcher(batching(4));
    occupy(b);
    CompletableFuture<InferenceResponse> f = b.schedule(h.request(0, "a", 0, 1, 2, null));
    b.schedule(h.request(1, "a", 0, 1, 2, null));
    assertThat(b.snapshot().queued()).isEqualTo(2);
    f.cancel(false);
    assertThat(b.snapshot().queued()).isEqualTo(1);
    assertThat(b.snapshot().queuedOf(new TenantId("a"))).isEqualTo(1);
    h.runToIdle();
    assertThat(h.executed.get(1).requests()).containsExactly(1);
    assertThat(h.listener.events)
        .contains(new RecordingListener.Event("rejected", "r0", 3, "CANCELLED"));
    assertThat(b.snapshot().queued()).isZero();
    assertThat(b.snapshot().inFlight()).isZero();
  }

  @Test
  void snapshotCountsQueuedAndInFlightPerLevelAndTenant() {
    DynamicBatcher b = h.batcher(batching(0));
    b.schedule(h.request(0, "a", 1, 1, 2, null));
    b.schedule(h.request(1, "b", 3, 1, 2, null));
    b.schedule(h.request(2, "b", 3, 1, 2, null));
    QueueSnapshot s = b.snapshot();
    assertThat(s.entries())
        .containsExactlyInAnyOrder(
            new QueueSnapshot.Entry(1, new TenantId("a"), 0, 1),
            new QueueSnapshot.Entry(3, new TenantId("b"), 2, 0));
    assertThat(s.idleInstances()).isZero();
  }

  @Test
  void delayedRequestLosesItsPlaceButIsStillServed() {
    LevelPolicy delay = new LevelPolicy(LevelPolicy.TimeoutAction.DELAY, Duration.ZERO, true, 0);
    DynamicBatcher b = h.batcher(BatchPolicy.builder().defaultLevelPolicy(delay).build());
    h.cost = inputs -> Duration.ofMillis(10).toNanos();
    occupy(b);
    CompletableFuture<InferenceResponse> late =
        b.schedule(h.request(0, "a", 0, 1, 2, Duration.ofMillis(5)));
    h.clock.advance(Duration.ofMillis(6));
    b.schedule(h.request(1, "a", 0, 1, 2, null));
    b.schedule(h.request(2, "b", 0, 1, 2, null));
    h.runToIdle();
    assertThat(late).isCompleted();
    assertThat(h.executed.stream().map(e -> e.requests().get(0))).containsExactly(999, 1, 2, 0);
  }

  @Test
  void levelDefaultTimeoutAppliesWhenTheRequestSetsNone() {
    LevelPolicy timeout =
        new LevelPolicy(LevelPolicy.TimeoutAction.REJECT, Duration.ofMillis(5), true, 0);
    DynamicBatcher b = h.batcher(BatchPolicy.builder().defaultLevelPolicy(timeout).build());
    h.cost = inputs -> Duration.ofMillis(10).toNanos();
    occupy(b);
    CompletableFuture<InferenceResponse> f = b.schedule(h.request(0, "a", 0, 1, 2, null));
    h.clock.advance(Duration.ofMillis(5));
    assertThat(failure(f)).isInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void urgentBatchIsToppedUpWithTheSameTenantsLowerPriorityWork() {
    DynamicBatcher b = h.batcher(batching(8));
    h.cost = inputs -> Duration.ofMillis(10).toNanos(); // batching is free here
    b.schedule(h.request(0, "a", 0, 1, 2, null));
    h.runToIdle();
    occupy(b);
    b.schedule(h.request(1, "a", 4, 1, 2, null));
    b.schedule(h.request(2, "b", 4, 1, 2, null));
    b.schedule(h.request(3, "a", 1, 1, 2, null));
    h.runToIdle();
    assertThat(h.executed.get(2).requests()).containsExactly(3, 1);
    assertThat(h.executed.get(3).requests()).containsExactly(2);
  }

  @Test
  void drainingRefusesNewWorkAndCompletesWhenQueuedWorkIsDone() {
    DynamicBatcher b = h.batcher(batching(4));
    CompletableFuture<InferenceResponse> queued = b.schedule(h.request(0, "a", 0, 1, 2, null));
    CompletableFuture<Void> drained = b.drain();
    assertThat(drained).isNotDone();
    Throwable t = failure(b.schedule(h.request(1, "a", 0, 1, 2, null)));
    assertThat(((InferenceException) t).status()).isEqualTo(StatusCode.UNAVAILABLE);
    h.runToIdle();
    assertThat(queued).isCompleted();
    assertThat(drained).isCompleted();
  }

  @Test
  void backendFailureFailsEveryRequestOfTheBatch() {
    DynamicBatcher b =
        DynamicBatcher.builder(h.model(), batching(4))
            .outputs(List.of("NOPE"))
            .executor(Runnable::run)
            .clock(h.clock, h.clock)
            .runner(
                (instance, inputs, names, done) ->
                    done.complete(null, new InferenceException(StatusCode.INTERNAL, "boom"), 1000))
            .build();
    CompletableFuture<InferenceResponse> f = b.schedule(h.request(0, "a", 0, 1, 2, null));
    assertThat(failure(f)).hasMessage("boom");
    assertThat(b.schedule(h.request(1, "a", 0, 1, 2, null))).isCompletedExceptionally();
  }

  @Test
  void synchronousRunnerOnAnExecutorMeasuresWithTheTicker() {
    List<Runnable> tasks = new ArrayList<>();
    DynamicBatcher b =
        DynamicBatcher.builder(h.model(), batching(4))
            .outputs(List.of("OUT"))
            .executor(tasks::add)
            .clock(h.clock, h.clock)
            .build();
    InferenceRequest r = h.request(0, "a", 0, 2, 2, null);
    CompletableFuture<InferenceResponse> f = b.schedule(r);
    assertThat(tasks).hasSize(1);
    tasks.remove(0).run();
    assertThat(BatcherHarness.isDoubled(r, f.join())).isTrue();
  }
}
