package io.medulla.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.tenancy.TenantPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the dynamic batcher over random arrival sequences (seeded, so every failure
 * reproduces): random models (instances, batch sizes, preferred sizes, queue delay, shared or
 * isolated batches, clinical or FIFO), tenants with random limits, priorities, shapes, deadlines
 * and cancellations, at loads from light to several times capacity.
 */
class DynamicBatcherPropertyTest {
  static IntStream seeds() {
    return IntStream.range(0, 60);
  }

  /** What the test knows about one request. */
  private record Sent(
      int index,
      String tenant,
      int level,
      long deadlineNanos,
      long arrivalSeq,
      int width,
      InferenceRequest request,
      CompletableFuture<InferenceResponse> future) {}

  @ParameterizedTest
  @MethodSource("seeds")
  void schedulingInvariantsHoldOverRandomArrivals(int seed) {
    Random rnd = new Random(seed);
    int instances = 1 + rnd.nextInt(3);
    BatcherHarness h = new BatcherHarness(instances);
    int maxBatch = new int[] {0, 1, 4, 8}[rnd.nextInt(4)];
    boolean fifo = rnd.nextInt(4) == 0;
    boolean shared = rnd.nextInt(4) == 0;
    List<Integer> preferred =
        maxBatch >= 4 && rnd.nextBoolean() ? List.of(maxBatch / 2) : List.of();
    Duration delay = Duration.ofMillis(rnd.nextInt(3));
    BatchPolicy.Builder pb =
        BatchPolicy.builder()
            .maxBatchSize(maxBatch)
            .dynamicBatching(maxBatch > 0)
            .preferredBatchSizes(preferred)
            .maxQueueDelay(delay)
            .sharedBatches(shared);
    if (fifo) {
      pb.fifo();
    }
    if (rnd.nextInt(3) == 0) {
      LevelPolicy small =
          new LevelPolicy(LevelPolicy.TimeoutAction.REJECT, Duration.ZERO, false, 5);
      if (fifo) {
        pb.defaultLevelPolicy(small);
      } else {
        pb.levelPolicies(Map.of(4, small));
      }
    }
    BatchPolicy policy = pb.build();
    int tenantCount = 1 + rnd.nextInt(4);
    Map<TenantId, TenantPolicy> limits = new HashMap<>();
    for (int t = 0; t < tenantCount; t++) {
      TenantId id = new TenantId("t" + t);
      if (rnd.nextInt(3) == 0) {
        limits.put(
            id,
            new TenantPolicy(
                id, 1 + rnd.nextInt(3), rnd.nextInt(8), rnd.nextInt(10), rnd.nextInt(2) * 400));
      }
    }
    DynamicBatcher b =
        h.batcher(policy, TenantPolicies.of(limits, TenantPolicy.defaults(TenantId.DEFAULT)));

    Map<Integer, Sent> sent = new HashMap<>();
    Map<Integer, Long> waiting = new HashMap<>(); // index -> arrival order, while queued
    Set<Integer> ran = new HashSet<>();
    List<String> violations = new ArrayList<>();
    h.listener.onQueued = id -> waiting.put(id, (long) id);
    h.listener.onRejected = waiting::remove;
    h.onStart =
        e -> {
          long now = e.startNanos();
          Set<String> tenants = new HashSet<>();
          int minLevel = Integer.MAX_VALUE;
          for (int i : e.requests()) {
            Sent s = sent.get(i);
            if (!waiting.containsKey(i)) {
              violations.add("request " + i + " ran without waiting (cancelled or answered)");
            }
            if (!ran.add(i)) {
              violations.add("request " + i + " ran twice");
            }
            if (s.width() != e.width()) {
              violations.add("shapes mixed in batch " + e.requests());
            }
            if (now >= s.deadlineNanos()) {
              violations.add("request " + i + " ran after its deadline");
            }
            tenants.add(s.tenant());
            minLevel = Math.min(minLevel, s.level());
          }
          e.requests().forEach(waiting::remove);
          if (!shared && tenants.size() > 1) {
            violations.add("tenants mixed in batch " + e.requests());
          }
          for (int w : waiting.keySet()) {
            Sent s = sent.get(w);
            if (!fifo && s.level() < minLevel && now < s.deadlineNanos()) {
              violations.add(
                  "request "
                      + w
                      + " at level "
                      + s.level()
                      + " waited while level "
                      + minLevel
                      + " ran");
            }
            if (fifo && e.requests().stream().anyMatch(i -> i > w)) {
              violations.add("FIFO: request " + w + " was overtaken by " + e.requests());
            }
          }
        };

    int n = 150 + rnd.nextInt(100);
    double meanGapMicros = 200 + rnd.nextInt(2000);
    long at = 0;
    for (int i = 0; i < n; i++) {
      at += (long) (-Math.log(1 - rnd.nextDouble()) * meanGapMicros * 1000);
      int index = i;
      String tenant = "t" + rnd.nextInt(tenantCount);
      int priority = rnd.nextInt(5);
      int samples = maxBatch == 0 ? 1 : 1 + rnd.nextInt(Math.min(3, maxBatch));
      int width = 2 + rnd.nextInt(2);
      Duration timeout = rnd.nextBoolean() ? Duration.ofMillis(2 + rnd.nextInt(60)) : null;
      int cancelAfterMicros = rnd.nextInt(10) == 0 ? rnd.nextInt(20_000) : -1;
      h.clock.schedule(
          Duration.ofNanos(at - h.clock.nanos()),
          () -> {
            InferenceRequest r = h.request(index, tenant, priority, samples, width, timeout);
            int level = fifo ? 0 : policy.effectiveLevel(priority);
            long deadline =
                timeout == null ? Long.MAX_VALUE : r.context().deadline().expiresAtNanos();
            sent.put(index, new Sent(index, tenant, level, deadline, index, width, r, null));
            CompletableFuture<InferenceResponse> f = b.schedule(r);
            sent.put(index, new Sent(index, tenant, level, deadline, index, width, r, f));
            if (cancelAfterMicros >= 0) {
              h.clock.schedule(Duration.ofNanos(cancelAfterMicros * 1000L), () -> f.cancel(false));
            }
          });
    }
    h.runToIdle();

    assertThat(violations).as("seed %d, policy %s", seed, policy).isEmpty();
    assertThat(sent).hasSize(n);
    for (Sent s : sent.values()) {
      CompletableFuture<InferenceResponse> f = s.future();
      assertThat(f).as("request %d answered", s.index()).isDone();
      String id = "r" + s.index();
      long queued = h.listener.count("queued", id);
      long answered = h.listener.count("executed", id) + h.listener.count("rejected", id);
      assertThat(answered).as("request %d answered once", s.index()).isEqualTo(1);
      if (f.isCancelled()) {
        continue;
      }
      if (!f.isCompletedExceptionally()) {
        assertThat(queued).isEqualTo(1);
        assertThat(ran).contains(s.index());
        assertThat(BatcherHarness.isDoubled(s.request(), f.join()))
            .as("request %d got its own rows, doubled", s.index())
            .isTrue();
      } else {
        assertThat(ran).doesNotContain(s.index());
        InferenceException e = cause(f);
        assertThat(e.status())
            .isIn(
                StatusCode.RESOURCE_EXHAUSTED,
                StatusCode.UNAVAILABLE,
                StatusCode.DEADLINE_EXCEEDED);
        if (e.status() != StatusCode.DEADLINE_EXCEEDED) {
          assertThat(e.retryAfter()).as("Retry-After of %s", e.getMessage()).isNotNull();
        }
      }
    }
    QueueSnapshot end = b.snapshot();
    assertThat(end.queued()).isZero();
    assertThat(end.inFlight()).isZero();
    assertThat(end.idleInstances()).isEqualTo(instances);
  }

  private static InferenceException cause(CompletableFuture<?> f) {
    try {
      f.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return (InferenceException) e.getCause();
    }
  }
}
