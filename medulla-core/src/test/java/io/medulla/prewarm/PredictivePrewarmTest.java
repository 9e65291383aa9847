package io.medulla.prewarm;

import static io.medulla.prewarm.PrewarmHarness.BERLIN;
import static io.medulla.prewarm.PrewarmHarness.entry;
import static io.medulla.prewarm.PrewarmHarness.instant;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.prewarm.FakeTarget.Load;
import io.medulla.prewarm.RecordingPrewarmListener.Finished;
import io.medulla.prewarm.RecordingPrewarmListener.Started;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictivePrewarmTest {
  private static final String WHY = "expected 12.0 requests in Mon 07:00-08:00 (mean of 2 weeks)";
  private static final PrewarmSettings FIVE_MINUTES_AHEAD =
      PrewarmSettings.defaults().withLookahead(Duration.ofMinutes(5));

  @TempDir Path dir;

  /** Twelve requests for x on Mondays 2026-02-02 and 02-09 between 07:00 and 08:00. */
  private static UsageHistory twoMondaysOfX() {
    UsageHistory h = new UsageHistory(BERLIN);
    for (String day : List.of("2026-02-02", "2026-02-09")) {
      for (int i = 0; i < 12; i++) {
        h.record("x", instant(day + "T07:" + (10 + i * 4)));
      }
    }
    return h;
  }

  @Test
  void onTheThirdMondayXLoadsAheadOfSevenAsAPrediction() {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:30");
    h.target.model("x", Duration.ofSeconds(20), true);
    Prewarmer p = h.prewarmer(PrewarmSchedule.empty(), twoMondaysOfX(), FIVE_MINUTES_AHEAD);
    try (p) {
      p.start();
      h.advanceTo("2026-02-16T06:54:59");
      assertThat(h.target.loads).isEmpty();
      assertThat(h.listener.expected).containsEntry("x", 12.0);

      h.advanceTo("2026-02-16T06:59");
      assertThat(h.target.loads)
          .containsExactly(new Load("x", PrewarmKind.PREDICTION, h.nanosAt("2026-02-16T06:55")));
      assertThat(h.listener.started).containsExactly(new Started("x", PrewarmKind.PREDICTION, WHY));
      assertThat(h.listener.finished)
          .containsExactly(new Finished("x", PrewarmKind.PREDICTION, true, "loaded in 20.0 s"));
      assertThat(h.target.keptUntil).containsEntry("x", h.nanosAt("2026-02-16T08:00"));

      // At most once per hour: evicted, it is not loaded again for the same hour.
      h.target.evict("x");
      h.advanceTo("2026-02-16T06:59:59");
      assertThat(h.target.loads).hasSize(1);
    }
  }

  @Test
  void withTheDefaultLookaheadTheFirstTickAt659Loads() {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:59");
    h.target.model("x", Duration.ofSeconds(20), true);
    try (Prewarmer p = h.started(PrewarmSchedule.empty(), twoMondaysOfX())) {
      assertThat(p.predictiveEnabled()).isTrue();
      h.advanceTo("2026-02-16T06:59:30");
      assertThat(h.target.loads).containsExactly(new Load("x", PrewarmKind.PREDICTION, 0));
      assertThat(h.target.readyAt.get("x")).isLessThan(h.nanosAt("2026-02-16T07:00"));
    }
  }

  @Test
  void aModelThatDoesNotFitWithoutEvictionIsNotLoaded() {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:30");
    h.target.model("x", Duration.ofSeconds(20), true);
    h.target.noRoomFor("x");
    try (Prewarmer p = h.started(PrewarmSchedule.empty(), twoMondaysOfX())) {
      h.advanceTo("2026-02-16T07:30");
      assertThat(h.target.loads).isEmpty();
      assertThat(h.listener.started).isEmpty();
    }
  }

  @Test
  void aModelExpectedBelowTheThresholdIsNotLoaded() {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:30");
    h.target.model("y", Duration.ofSeconds(20), true);
    UsageHistory history = new UsageHistory(BERLIN);
    history.record("y", instant("2026-02-02T07:30"));
    history.record("y", instant("2026-02-02T08:30"));
    try (Prewarmer p = h.started(PrewarmSchedule.empty(), history)) {
      h.advanceTo("2026-02-16T06:59");
      // One request in the first of two weeks: 0.5 expected, under the threshold of 1.
      assertThat(h.listener.expected).containsEntry("y", 0.5);
      assertThat(h.target.loads).isEmpty();
    }
  }

  @Test
  void aReadyModelIsNotLoaded() {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:30");
    h.target.model("x", Duration.ofSeconds(20), true);
    h.target.makeReady("x");
    try (Prewarmer p = h.started(PrewarmSchedule.empty(), twoMondaysOfX())) {
      h.advanceTo("2026-02-16T07:30");
      assertThat(h.target.loads).isEmpty();
    }
  }

  @Test
  void withoutAHistoryNothingIsPredicted() {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:30");
    h.target.model("x", Duration.ofSeconds(20), true).model("a", Duration.ofSeconds(20), true);
    PrewarmSchedule schedule =
        new PrewarmSchedule(List.of(entry("rounds", "0 7 * * *", List.of("a"), List.of())));
    try (Prewarmer p = h.started(schedule, null)) {
      assertThat(p.predictiveEnabled()).isFalse();
      h.advanceTo("2026-02-16T07:30");
      assertThat(h.target.loads).extracting(Load::kind).containsOnly(PrewarmKind.SCHEDULE);
      assertThat(h.listener.expected).isEmpty();
    }
  }

  @Test
  void scheduledLoadsGoBeforePredictedOnesWaitingInTheQueue() {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:30");
    UsageHistory history = twoMondaysOfX();
    for (int i = 0; i < 12; i++) {
      history.record("z", instant("2026-02-09T07:0" + (i % 10)));
    }
    h.target
        .model("x", Duration.ofMinutes(5), true)
        .model("z", Duration.ofSeconds(20), true)
        .model("a", Duration.ofSeconds(20), true);
    PrewarmSchedule schedule =
        new PrewarmSchedule(List.of(entry("rounds", "0 7 * * *", List.of("a"), List.of())));
    try (Prewarmer p = h.prewarmer(schedule, history, FIVE_MINUTES_AHEAD)) {
      p.start();
      // x loads from 06:55 to 07:00; z waits; a is due at 06:59 and goes ahead of z.
      h.advanceTo("2026-02-16T07:10");
      assertThat(h.target.loadedModels()).containsExactly("x", "a", "z");
    }
  }

  @Test
  void aFailedPredictedLoadIsReportedAndNotRetriedForTheSameHour() {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:30");
    h.target.model("x", Duration.ofSeconds(20), true);
    h.target.failLoadsOf("x");
    try (Prewarmer p = h.started(PrewarmSchedule.empty(), twoMondaysOfX())) {
      h.advanceTo("2026-02-16T06:59:59");
      assertThat(h.target.loads).hasSize(1);
      assertThat(h.listener.finished)
          .containsExactly(
              new Finished("x", PrewarmKind.PREDICTION, false, "failed: backend refused x"));
    }
  }

  @Test
  void theHistoryIsSavedPeriodicallyAndOnClose() throws IOException {
    PrewarmHarness h = new PrewarmHarness("2026-02-16T06:30");
    Path file = dir.resolve("usage.txt");
    UsageHistory history = twoMondaysOfX();
    Prewarmer p =
        h.prewarmer(
            PrewarmSchedule.empty(), history, PrewarmSettings.defaults().withHistoryFile(file));
    p.start();
    h.advanceTo("2026-02-16T06:34:59");
    assertThat(file).doesNotExist();
    h.advanceTo("2026-02-16T06:35");
    assertThat(UsageHistory.load(file, BERLIN, 4).expected("x", 7, instant("2026-02-16T06:35")))
        .isEqualTo(12.0);

    history.record("late", instant("2026-02-16T06:36"));
    p.close();
    assertThat(UsageHistory.load(file, BERLIN, 4).models()).containsExactly("late", "x");
    assertThat(h.clock.nextDueNanos()).isEmpty();
  }
}
