package io.medulla.prewarm;

import io.medulla.time.VirtualClock;
import io.medulla.time.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A pre-warmer on virtual time, its fake target and listener, with local-time helpers. */
final class PrewarmHarness {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  final VirtualClock clock = new VirtualClock();
  final Instant origin;
  final FakeTarget target = new FakeTarget(clock);
  final RecordingPrewarmListener listener = new RecordingPrewarmListener();

  /** Starts the virtual wall clock at {@code originLocal} in Berlin. */
  PrewarmHarness(String originLocal) {
    this.origin = instant(originLocal);
  }

  static Instant instant(String local) {
    return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
  }

  static ScheduleEntry entry(String name, String cron, List<String> models, List<String> graphs) {
    return new ScheduleEntry(
        name, CronExpression.parse(cron), BERLIN, models, graphs, Duration.ofHours(3));
  }

  Prewarmer prewarmer(
      PrewarmSchedule schedule, @Nullable UsageHistory history, PrewarmSettings settings) {
    return new Prewarmer(
        target, schedule, history, clock, clock, WallClock.over(clock, origin), settings, listener);
  }

  Prewarmer started(PrewarmSchedule schedule, @Nullable UsageHistory history) {
    Prewarmer p = prewarmer(schedule, history, PrewarmSettings.defaults());
    p.start();
    return p;
  }

  /** The ticker reading at Berlin local time {@code local}. */
  long nanosAt(String local) {
    return Duration.between(origin, instant(local)).toNanos();
  }

  void advanceTo(String local) {
    clock.advanceTo(nanosAt(local));
  }
}
