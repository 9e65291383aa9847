package io.medulla.cache;

import static io.medulla.cache.CacheHarness.done;
import static io.medulla.cache.CacheHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceException;
import io.medulla.repository.LoadCause;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelLease;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StartAndPrewarmTest {
  @Test
  void startLoadsOtherModelsOnlyIntoRoomLeftForPinnedOnes() {
    CacheHarness h = new CacheHarness(ModelControlMode.NONE);
    h.repo.add("a", 300);
    h.repo.add("b", 400);
    h.repo.add("p", 400).pinned();
    ModelCache cache = h.build(MemoryBudget.of("host", 1_000));

    cache.start(Set.of());

    String reason =
        "not loaded: memory budget (host: needs 400 B, 700 B of 1000 B free,"
            + " 400 B kept for pinned models); loads on first request";
    assertThat(h.events.refusals).containsExactly(reason);
    assertThat(h.repo.index())
        .contains(new ModelVersionStatus("b", "1", ModelState.UNAVAILABLE, reason));
    assertThat(h.repo.loads).containsExactly("a/1:START", "p/1:START");
    assertThat(h.repo.evictAttempts).isEmpty();
    assertThat(h.events.starting("loaded")).containsExactly("loaded a/1 START", "loaded p/1 START");

    assertThat(h.lease("b").coldStart()).isTrue();
    assertThat(h.repo.evictedIds()).containsExactly("a/1");
  }

  @Test
  void startLoadsPinnedModelsInExplicitModeToo() {
    CacheHarness h = new CacheHarness(ModelControlMode.EXPLICIT);
    h.repo.add("a", 100);
    h.repo.add("p", 100);
    h.repo.add("q", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200), Set.of("p", "ghost"), h.executor);

    cache.start(Set.of("a"));

    assertThat(h.repo.loads).containsExactly("a/1:START", "p/1:START");
    assertThat(h.repo.ensureLoadedCalls).containsExactly("p:START");
    assertThat(cache.isPinned("p")).isTrue();
    assertThat(cache.isReady("p")).isTrue();
    assertThat(cache.isReady("q")).isFalse();
  }

  @Test
  void aPinnedModelEvictsOthersWhenItLoadsAfterStart() {
    CacheHarness h = new CacheHarness(ModelControlMode.EXPLICIT);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("p", 100).pinned().failing("disk not mounted yet");
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    cache.start(Set.of("a", "b")); // 'b' does not fit beside the room kept for 'p'
    assertThat(cache.isReady("p")).isFalse();
    assertThat(cache.isReady("b")).isFalse();
    h.use("b");
    h.repo.model("p").failing("");

    assertThat(h.lease("p").coldStart()).as("pinned models may load on demand").isTrue();
    assertThat(h.repo.evictedIds()).containsExactly("a/1");
  }

  @Test
  void aModelRefusedAtStartLoadsOnItsFirstRequestInExplicitMode() {
    CacheHarness h = new CacheHarness(ModelControlMode.EXPLICIT);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 100));
    cache.start(Set.of("a", "b"));
    assertThat(cache.isReady("b")).isFalse();

    assertThat(h.lease("b").coldStart()).isTrue();
    assertThat(h.repo.evictedIds()).containsExactly("a/1");
  }

  @Test
  void aPredictedPrewarmUsesFreeMemoryOnlyAndAScheduledOneMayEvict() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("c", 100).loadNanos(Duration.ofMillis(40).toNanos());
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    cache.start(Set.of("a", "b"));
    assertThat(cache.fitsWithoutEviction("c")).isFalse();

    CompletableFuture<Void> predicted = cache.prewarm("c", LoadCause.PREDICTION);
    h.executor.runAll();

    assertThat(failure(predicted))
        .isInstanceOf(InferenceException.class)
        .hasMessage(
            "not pre-warmed: memory budget (host: model 'c' needs 100 B, 0 B of 200 B free);"
                + " a predicted load uses free memory only");
    assertThat(h.repo.evictAttempts).isEmpty();
    assertThat(cache.measuredLoadNanos("c")).isEmpty();

    CompletableFuture<Void> scheduled = cache.prewarm("c", LoadCause.SCHEDULE);
    h.executor.runAll();

    done(scheduled);
    assertThat(h.repo.evictedIds()).containsExactly("a/1");
    assertThat(cache.isReady("c")).isTrue();
    assertThat(cache.measuredLoadNanos("c")).hasValue(Duration.ofMillis(40).toNanos());
    assertThat(h.events.starting("loaded c")).containsExactly("loaded c/1 SCHEDULE");
  }

  @Test
  void aPredictedPrewarmLoadsWhenTheModelFits() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    assertThat(cache.fitsWithoutEviction("a")).isTrue();

    CompletableFuture<Void> predicted = cache.prewarm("a", LoadCause.PREDICTION);
    h.executor.runAll();

    done(predicted);
    assertThat(h.repo.loads).containsExactly("a/1:PREDICTION");
    assertThat(done(cache.acquire("a", "", Deadline.none())).coldStart()).isFalse();
  }

  @Test
  void aRequestJoiningARefusedPredictedLoadLoadsAgainAndMayEvict() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    h.repo.add("b", 100);
    h.repo.add("c", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200));
    cache.start(Set.of("a", "b"));

    CompletableFuture<Void> predicted = cache.prewarm("c", LoadCause.PREDICTION);
    CompletableFuture<ModelLease> request = cache.acquire("c", "", Deadline.none());
    assertThat(h.executor.queued()).isEqualTo(1);
    h.executor.runAll();

    assertThat(predicted).isCompletedExceptionally();
    assertThat(done(request).coldStart()).isTrue();
    assertThat(h.repo.ensureLoadedCalls).containsExactly("c:PREDICTION", "c:ON_DEMAND");
    assertThat(h.repo.evictedIds()).containsExactly("a/1");
  }

  @Test
  void aPrewarmSharesItsLoadWithRequests() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100);
    ModelCache cache = h.build(MemoryBudget.of("host", 200));

    CompletableFuture<Void> scheduled = cache.prewarm("a", LoadCause.SCHEDULE);
    CompletableFuture<ModelLease> request = cache.acquire("a", "", Deadline.none());
    h.executor.runAll();

    done(scheduled);
    assertThat(done(request).coldStart()).isTrue();
    assertThat(h.repo.ensureLoadedCalls).containsExactly("a:SCHEDULE");
  }

  @Test
  void measuredLoadTimeSumsTheModelsVersions() {
    CacheHarness h = new CacheHarness(ModelControlMode.ON_DEMAND);
    h.repo.add("a", 100).versions(1L, 2L).loadNanos(Duration.ofMillis(5).toNanos());
    ModelCache cache = h.build(MemoryBudget.unlimited());

    cache.prewarm("a", LoadCause.SCHEDULE);
    h.executor.runAll();

    assertThat(cache.measuredLoadNanos("a")).hasValue(Duration.ofMillis(10).toNanos());
    assertThat(cache.memory()).containsExactly(new DeviceMemory("host", 200, 0, Long.MAX_VALUE));
    assertThat(cache.memory().get(0).freeBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(cache.fitsWithoutEviction("a")).isTrue();
  }
}
