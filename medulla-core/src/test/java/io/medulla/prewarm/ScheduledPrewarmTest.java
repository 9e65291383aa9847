package io.medulla.prewarm;

import static io.medulla.prewarm.PrewarmHarness.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.prewarm.FakeTarget.Load;
import io.medulla.prewarm.RecordingPrewarmListener.Finished;
import io.medulla.prewarm.RecordingPrewarmListener.Started;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduledPrewarmTest {
  private static final Duration TWENTY_SECONDS = Duration.ofSeconds(20);

  private static PrewarmSchedule morning(List<String> models, List<String> graphs) {
    return new PrewarmSchedule(List.of(entry("morning", "0 7 * * *", models, graphs)));
  }

  @Test
  void measuredModelsLoadOneAfterAnotherJustEarlyEnoughToBeReadyAtSeven() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target.model("a", TWENTY_SECONDS, true).model("b", TWENTY_SECONDS, true);
    try (Prewarmer p = h.started(morning(List.of("a", "b"), List.of()), null)) {
      // Lead time: (20 s + 20 s) × 1.5 + 30 s = 90 s, so loads start at 06:58:30, not a tick
      // before.
      h.advanceTo("2026-02-02T06:58:29");
      assertThat(h.target.loads).isEmpty();

      h.advanceTo("2026-02-02T07:00");
      assertThat(h.target.loads)
          .containsExactly(
              new Load("a", PrewarmKind.SCHEDULE, h.nanosAt("2026-02-02T06:58:30")),
              new Load("b", PrewarmKind.SCHEDULE, h.nanosAt("2026-02-02T06:58:50")));
      assertThat(h.target.readyAt.get("b")).isEqualTo(h.nanosAt("2026-02-02T06:59:10"));
      assertThat(h.target.readyAt.values()).allMatch(t -> t < h.nanosAt("2026-02-02T07:00"));
      assertThat(h.target.keptUntil)
          .containsEntry("a", h.nanosAt("2026-02-02T10:00"))
          .containsEntry("b", h.nanosAt("2026-02-02T10:00"));
      assertThat(h.listener.started)
          .containsExactly(
              new Started("a", PrewarmKind.SCHEDULE, "schedule 'morning' for 07:00 Europe/Berlin"),
              new Started("b", PrewarmKind.SCHEDULE, "schedule 'morning' for 07:00 Europe/Berlin"));
      assertThat(h.listener.finished)
          .extracting(Finished::model, Finished::ok, Finished::detail)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", true, "loaded in 20.0 s"),
              org.assertj.core.groups.Tuple.tuple("b", true, "loaded in 20.0 s"));

      // Later ticks the same day do not handle the firing again, even after an eviction.
      h.target.evict("a");
      h.advanceTo("2026-02-02T23:00");
      assertThat(h.target.loads).hasSize(2);

      // The next day's firing loads again, at the same lead.
      h.target.evict("b");
      h.advanceTo("2026-02-03T06:58:29");
      assertThat(h.target.loads).hasSize(2);
      h.advanceTo("2026-02-03T07:00");
      assertThat(h.target.loads.subList(2, 4))
          .containsExactly(
              new Load("a", PrewarmKind.SCHEDULE, h.nanosAt("2026-02-03T06:58:30")),
              new Load("b", PrewarmKind.SCHEDULE, h.nanosAt("2026-02-03T06:58:50")));
      assertThat(h.target.keptUntil).containsEntry("a", h.nanosAt("2026-02-03T10:00"));
    }
  }

  @Test
  void aModelNeverLoadedCountsWithTheDefaultEstimate() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target.model("a", TWENTY_SECONDS, true).model("fresh", Duration.ofSeconds(45), false);
    try (Prewarmer p = h.started(morning(List.of("a", "fresh"), List.of()), null)) {
      // (20 s + 60 s default) × 1.5 + 30 s = 150 s before 07:00.
      h.advanceTo("2026-02-02T06:57:29");
      assertThat(h.target.loads).isEmpty();
      h.advanceTo("2026-02-02T07:00");
      assertThat(h.target.loads.get(0).startedNanos()).isEqualTo(h.nanosAt("2026-02-02T06:57:30"));
      assertThat(h.target.readyAt.get("fresh")).isLessThan(h.nanosAt("2026-02-02T07:00"));
    }
  }

  @Test
  void aReadyModelIsKeptWarmAtOnceAndNotCountedInTheLead() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target.model("a", TWENTY_SECONDS, true).model("b", TWENTY_SECONDS, true);
    h.target.makeReady("a");
    try (Prewarmer p = h.started(morning(List.of("a", "b"), List.of()), null)) {
      // Only b is cold: 20 s × 1.5 + 30 s = 60 s.
      h.advanceTo("2026-02-02T06:58:59");
      assertThat(h.target.loads).isEmpty();
      assertThat(h.target.keptUntil).isEmpty();
      h.advanceTo("2026-02-02T06:59");
      assertThat(h.target.keptUntil).containsEntry("a", h.nanosAt("2026-02-02T10:00"));
      h.advanceTo("2026-02-02T07:00");
      assertThat(h.target.loadedModels()).containsExactly("b");
    }
  }

  @Test
  void graphsStandForTheirModelsAndEachModelLoadsOnce() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target
        .model("a", TWENTY_SECONDS, true)
        .model("b", TWENTY_SECONDS, true)
        .graph("triage", "a", "b");
    try (Prewarmer p = h.started(morning(List.of("a"), List.of("triage")), null)) {
      h.advanceTo("2026-02-02T07:00");
      assertThat(h.target.loadedModels()).containsExactly("a", "b");
      assertThat(h.target.keptUntil).containsOnlyKeys("a", "b");
    }
  }

  @Test
  void anUnknownNameIsSkippedAndTheRestStillLoads() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target.model("a", TWENTY_SECONDS, true);
    try (Prewarmer p = h.started(morning(List.of("ghost", "a"), List.of()), null)) {
      h.advanceTo("2026-02-02T07:00");
      assertThat(h.target.loadedModels()).containsExactly("a");
    }
  }

  @Test
  void aFailedLoadIsReportedAndStopsNeitherTheOthersNorTheNextDay() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target.model("a", TWENTY_SECONDS, true).model("b", TWENTY_SECONDS, true);
    h.target.failLoadsOf("a");
    try (Prewarmer p = h.started(morning(List.of("a", "b"), List.of()), null)) {
      h.advanceTo("2026-02-02T07:00");
      assertThat(h.target.loadedModels()).containsExactly("a", "b");
      assertThat(h.listener.finished)
          .containsExactly(
              new Finished("a", PrewarmKind.SCHEDULE, false, "failed: backend refused a"),
              new Finished("b", PrewarmKind.SCHEDULE, true, "loaded in 20.0 s"));
      assertThat(h.target.keptUntil).containsOnlyKeys("b");

      h.target.evict("b");
      h.advanceTo("2026-02-03T07:00");
      assertThat(h.target.loadedModels()).containsExactly("a", "b", "a", "b");
    }
  }

  @Test
  void startedWhileAFiringShouldStillBeWarmLoadsAtOnce() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T08:00");
    h.target.model("a", TWENTY_SECONDS, true);
    try (Prewarmer p = h.started(morning(List.of("a"), List.of()), null)) {
      h.advanceTo("2026-02-02T08:00:30");
      assertThat(h.target.loads).containsExactly(new Load("a", PrewarmKind.SCHEDULE, 0));
      assertThat(h.target.keptUntil).containsEntry("a", h.nanosAt("2026-02-02T10:00"));
    }
  }

  @Test
  void startedAfterTheKeepWindowWaitsForTheNextFiring() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T10:00");
    h.target.model("a", TWENTY_SECONDS, true);
    try (Prewarmer p = h.started(morning(List.of("a"), List.of()), null)) {
      h.advanceTo("2026-02-03T06:58");
      assertThat(h.target.loads).isEmpty();
      h.advanceTo("2026-02-03T07:00");
      assertThat(h.target.loadedModels()).containsExactly("a");
    }
  }

  @Test
  void twoEntriesFiringTogetherShareTheLoadQueue() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target.model("a", TWENTY_SECONDS, true).model("b", TWENTY_SECONDS, true);
    PrewarmSchedule schedule =
        new PrewarmSchedule(
            List.of(
                entry("wards", "0 7 * * *", List.of("a"), List.of()),
                entry("radiology", "0 7 * * *", List.of("b", "a"), List.of())));
    try (Prewarmer p = h.started(schedule, null)) {
      h.advanceTo("2026-02-02T07:00");
      // Radiology needs 90 s and queues b, a at 06:58:30; wards needs 60 s and queues a again at
      // 06:59:00, while a is still loading. One load at a time, and a is READY by its second turn.
      assertThat(h.target.loads)
          .containsExactly(
              new Load("b", PrewarmKind.SCHEDULE, h.nanosAt("2026-02-02T06:58:30")),
              new Load("a", PrewarmKind.SCHEDULE, h.nanosAt("2026-02-02T06:58:50")));
      assertThat(h.target.keptUntil).containsOnlyKeys("a", "b");
    }
  }

  @Test
  void closeStopsTheTicks() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target.model("a", TWENTY_SECONDS, true);
    Prewarmer p = h.started(morning(List.of("a"), List.of()), null);
    h.advanceTo("2026-02-02T06:00");
    p.close();
    h.advanceTo("2026-02-02T08:00");
    assertThat(h.target.loads).isEmpty();
    assertThat(h.clock.nextDueNanos()).isEmpty();
  }

  @Test
  void withNoScheduleAndNoHistoryNothingRuns() {
    PrewarmHarness h = new PrewarmHarness("2026-02-02T00:00");
    h.target.model("a", TWENTY_SECONDS, true);
    try (Prewarmer p = h.started(PrewarmSchedule.empty(), null)) {
      assertThat(p.scheduledEnabled()).isFalse();
      assertThat(p.predictiveEnabled()).isFalse();
      assertThat(h.clock.nextDueNanos()).isEmpty();
    }
  }

  @Test
  void aGapInDaylightSavingFiresAtTheEndOfTheGap() {
    // 2026-03-29 in Berlin: 02:30 does not exist; the firing is when the gap ends, 03:00 CEST,
    // two real hours after 00:00 CET. With a 60 s lead (20 s × 1.5 + 30 s) the load starts at 1:59.
    PrewarmHarness h = new PrewarmHarness("2026-03-29T00:00");
    h.target.model("a", TWENTY_SECONDS, true);
    PrewarmSchedule schedule =
        new PrewarmSchedule(List.of(entry("night", "30 2 * * *", List.of("a"), List.of())));
    try (Prewarmer p = h.started(schedule, null)) {
      h.clock.advanceTo(Duration.ofMinutes(118).plusSeconds(59).toNanos());
      assertThat(h.target.loads).isEmpty();
      h.clock.advanceTo(Duration.ofMinutes(120).toNanos());
      assertThat(h.target.loads)
          .containsExactly(new Load("a", PrewarmKind.SCHEDULE, Duration.ofMinutes(119).toNanos()));
      assertThat(h.target.keptUntil)
          .containsEntry("a", Duration.ofMinutes(120).plusHours(3).toNanos());
    }
  }
}
