package io.medulla.cache;

import static io.medulla.cache.CacheHarness.done;
import static io.medulla.cache.CacheHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.StatusCode;
import io.medulla.repository.LoadCause;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelLease;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvictionTest {
  @Test
  void evictsTheLeastRecentlyUsedIdleVersionsFirst() {
    CacheHarness h = new CacheHarness(ModelControlMode.NONE);
    for (String m : List.of("a", "b", "c", "d", "e")) {
      h.repo.add(m, 100);
    }
    ModelCache cache = h.build(MemoryBudget.of("host", 300));
    cache.start(Set.of()); // a, b, c fit; d and e wait for their first request
    h.use("b");
    h.use("a");

    h.use("d");
    h.use("e");
    h.use("c");

    assertThat(h.repo.evictedIds()).containsExactly("c/1", "b/1", "a/1");
    assertThat(h.repo.evictions.get(0)).isEqualTo("c/1 evicted: memory budget (host) to load 'd'");
    assertThat(h.events.starting("evicted"))
        .containsExactly("evicted c/1 host 100", "evicted b/1 host 100", "evicted a/1 host 100");
    assertThat(cache.residents()).extracting(r -> r.id().name()).containsExactly("c", "d", "e");
  }

  @Test
  void aVersionWithAnOpenLeaseIsNeverEvicted() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("c", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    ModelLease a = h.lease("a"); // the oldest, but held
    h.use("b");

    ModelLease c = h.lease("c");

    assertThat(h.repo.evictedIds()).containsExactly("b/1");
    CompletableFuture<ModelLease> b = cache.acquire("b", "", Deadline.none());
    h.executor.runAll();
    assertThat(failure(b))
        .isInstanceOf(InferenceException.class)
        .hasMessage(
            "memory budget (host): cannot load model 'b': needs 100 B, 0 B of 200 B free;"
                + " nothing can be evicted (in use: a/1, c/1)");
    assertThat(h.repo.evictedIds()).containsExactly("b/1");

    a.close();
    c.close();
    assertThat(h.lease("b").coldStart()).isTrue();
    assertThat(h.repo.evictedIds()).containsExactly("b/1", "a/1");
  }

  @Test
  void pinnedVersionsAreNeverEvicted() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("p", 100).pinned();
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    cache.start(Set.of());
    h.use("a");

    h.use("b"); // 'p' was never used, so it is older, but pinned

    assertThat(h.repo.evictedIds()).containsExactly("a/1");
    assertThat(cache.isPinned("p")).isTrue();
    assertThat(cache.isPinned("a")).isFalse();
    assertThat(cache.residents())
        .extracting(r -> r.id().name() + (r.pinned() ? " pinned" : ""))
        .containsExactly("b", "p pinned");
  }

  @Test
  void aLoadIsRefusedWithTheFiguresWhenNothingCanBeEvicted() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("p", 100).pinned();
    h.repo.add("a", 100);
    h.repo.add("big", 200);
    ModelCache cache = h.build(MemoryBudget.of("host", 150));
    cache.start(Set.of());

    CompletableFuture<ModelLease> a = cache.acquire("a", "", Deadline.none());
    CompletableFuture<ModelLease> big = cache.acquire("big", "", Deadline.none());
    h.executor.runAll();

    String reason =
        "memory budget (host): cannot load model 'a': needs 100 B, 50 B of 150 B free;"
            + " nothing can be evicted (pinned: p/1)";
    assertThat(failure(a))
        .isInstanceOf(InferenceException.class)
        .hasMessage(reason)
        .extracting(e -> ((InferenceException) e).status())
        .isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(failure(big))
        .hasMessage(
            "memory budget (host): model 'big' needs 200 B, more than the whole budget of 150 B");
    assertThat(h.events.starting("refused")).containsExactly("refused a", "refused big");
    assertThat(h.events.refusals.get(0)).isEqualTo(reason);
    assertThat(cache.memory()).containsExactly(new DeviceMemory("host", 100, 0, 150));
    assertThat(h.repo.evictAttempts).isEmpty();
  }

  @Test
  void nothingIsEvictedWhenEvictingAllThatMayGoWouldNotMakeRoom() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("p", 150).pinned();
    h.repo.add("a", 50);
    h.repo.add("b", 200);
    ModelCache cache = h.build(MemoryBudget.of("host", 300));
    cache.start(Set.of("a"));

    CompletableFuture<ModelLease> b = cache.acquire("b", "", Deadline.none());
    h.executor.runAll();

    assertThat(failure(b))
        .hasMessage(
            "memory budget (host): cannot load model 'b': needs 200 B, 100 B of 300 B free;"
                + " evicting every idle version would free only 50 B (pinned: p/1; idle: a/1)");
    assertThat(h.repo.evictAttempts).isEmpty();
  }

  @Test
  void aVersionTheRepositoryWillNotEvictIsSkippedAndServesOn() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("c", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    cache.start(Set.of("a", "b"));
    h.repo.busy.add("a");

    h.use("c");

    assertThat(h.repo.evictAttempts).containsExactly("a/1", "b/1");
    assertThat(h.repo.evictedIds()).containsExactly("b/1");
    ModelLease a = done(cache.acquire("a", "", Deadline.none()));
    assertThat(a.coldStart()).isFalse();
  }

  @Test
  void keepWarmProtectsAModelUntilTheClockPassesAndLaterCallsExtend() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("c", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    cache.start(Set.of("a", "b"));
    cache.keepWarm("a", h.clock.nanos() + Duration.ofSeconds(1).toNanos());

    h.use("c");
    assertThat(h.repo.evictedIds()).containsExactly("b/1");

    h.clock.advance(Duration.ofSeconds(2));
    h.use("b");
    assertThat(h.repo.evictedIds()).containsExactly("b/1", "a/1");

    cache.keepWarm("c", h.clock.nanos() + Duration.ofSeconds(5).toNanos());
    cache.keepWarm("c", h.clock.nanos() + Duration.ofSeconds(1).toNanos());
    h.clock.advance(Duration.ofSeconds(2));
    h.use("a"); // 'c' is older than 'b', but still kept warm
    assertThat(h.repo.evictedIds()).containsExactly("b/1", "a/1", "b/1");
  }

  @Test
  void onlyVersionsOnTheSameDeviceMakeRoom() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("host-model", 100);
    h.repo.add("gpu-a", 200).device("gpu0");
    h.repo.add("gpu-b", 200).device("gpu0");
    ModelCache cache = h.build(MemoryBudget.of("gpu0", 200).with("host", 100));
    cache.start(Set.of("host-model", "gpu-a"));

    h.use("gpu-b");

    assertThat(h.repo.evictedIds()).containsExactly("gpu-a/1");
    assertThat(h.events.starting("evicted")).containsExactly("evicted gpu-a/1 gpu0 200");
  }

  @Test
  void memoryAndResidentsShowWhatIsHeld() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 300);
    h.repo.add("g", 200).device("gpu0");
    ModelCache cache = h.build(MemoryBudget.of("host", 1_000).with("gpu0", 500));
    cache.start(Set.of("a", "g"));
    h.clock.advance(Duration.ofMillis(5));
    ModelLease a = done(cache.acquire("a", "", Deadline.none()));

    assertThat(cache.memory())
        .containsExactly(
            new DeviceMemory("gpu0", 200, 0, 500), new DeviceMemory("host", 300, 0, 1_000));
    assertThat(cache.residents())
        .containsExactly(
            new ResidentVersion(
                new ModelId("a", 1), "host", 300, false, 1, Duration.ofMillis(5).toNanos()),
            new ResidentVersion(new ModelId("g", 1), "gpu0", 200, false, 0, Long.MIN_VALUE));
    assertThat(cache.residents().get(1).used()).isFalse();

    ModelId x = new ModelId("x", 1);
    cache.reserve(x, "host", 50, LoadCause.API);
    assertThat(cache.memory().get(1)).isEqualTo(new DeviceMemory("host", 300, 50, 1_000));
    assertThat(cache.memory().get(1).freeBytes()).isEqualTo(650);
    cache.settle(x, null);
    assertThat(cache.memory().get(1)).isEqualTo(new DeviceMemory("host", 300, 0, 1_000));
    a.close();
  }

  @ParameterizedTest(name = "settle before the lifecycle event: {0}")
  @ValueSource(booleans = {false, true})
  void aVersionLargerThanReservedEvictsMoreButNeverItself(boolean settleFirst) {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.settleBeforeLoadedEvent = settleFirst;
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("c", 100).measured(200);
    ModelCache cache = h.build(MemoryBudget.of("host", 300));
    cache.start(Set.of("a", "b"));

    ModelLease c = h.lease("c");

    assertThat(c.coldStart()).isTrue();
    assertThat(h.repo.evictedIds()).containsExactly("a/1");
    assertThat(cache.memory()).containsExactly(new DeviceMemory("host", 300, 0, 300));
    assertThat(h.events.starting("evicted")).containsExactly("evicted a/1 host 100");
  }

  @Test
  void aVersionLargerThanReservedStaysWhenNothingCanBeEvicted() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("c", 100).measured(200);
    ModelCache cache = h.build(MemoryBudget.of("host", 300));
    ModelLease a = h.lease("a");
    ModelLease b = h.lease("b");

    ModelLease c = h.lease("c");

    assertThat(c.served().id()).isEqualTo(new ModelId("c", 1));
    assertThat(h.repo.evictions).isEmpty();
    assertThat(cache.memory()).containsExactly(new DeviceMemory("host", 400, 0, 300));
    assertThat(cache.memory().get(0).freeBytes()).isEqualTo(-100);
    a.close();
    b.close();
  }
}
