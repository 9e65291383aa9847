package io.medulla.prewarm;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled pre-warm for one schedule entry: at each tick, finds the entry's next firing and, once
 * the time left is no more than the lead time its cold models need, queues their loads and keeps
 * them warm until the firing plus {@code keepFor}. Each firing is handled once.
 *
 * <p>Not thread-safe: the {@link Prewarmer} calls {@link #tick} from one tick at a time.
 */
final class ScheduledPrewarm {
  private static final Logger logger = LoggerFactory.getLogger(ScheduledPrewarm.class);
  private static final DateTimeFormatter CLOCK_TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final ScheduleEntry entry;
  private final PrewarmTarget target;
  private final LoadQueue queue;
  private final PrewarmSettings settings;

  /** The next firing not yet handled; null before the first tick or when the cron never fires. */
  private @Nullable Instant pending;

  private boolean exhausted;

  /** Names already reported as unknown, so that each is warned about once until it resolves. */
  private final Set<String> unknown = new HashSet<>();

  ScheduledPrewarm(
      ScheduleEntry entry, PrewarmTarget target, LoadQueue queue, PrewarmSettings settings) {
    this.entry = entry;
    this.target = target;
    this.queue = queue;
    this.settings = settings;
  }

  void tick(TickTime now) {
    if (exhausted) {
      return;
    }
    // A firing whose keep-warm time has not yet ended still wants its models (the server started
    // late, or a tick was missed); one whose time has ended is skipped.
    Instant firing = pending != null ? pending : nextAfter(now.wall().minus(entry.keepFor()));
    while (firing != null && !firing.plus(entry.keepFor()).isAfter(now.wall())) {
      firing = nextAfter(firing);
    }
    pending = firing;
    if (firing == null) {
      exhausted = true;
      logger.warn(
          "scheduled pre-warm '{}': cron '{}' does not fire within {} years; entry disabled",
          entry.name(),
          entry.cron(),
          CronExpression.SEARCH_YEARS);
      return;
    }
    List<String> models = models();
    List<String> cold = new ArrayList<>();
    long expectedNanos = 0;
    for (String m : models) {
      if (!target.isReady(m)) {
        cold.add(m);
        expectedNanos = saturatedAdd(expectedNanos, estimateNanos(m));
      }
    }
    long leadNanos = settings.leadNanos(expectedNanos);
    if (now.nanosAt(firing) - now.nanos() > leadNanos) {
      return;
    }
    handle(firing, now, models, cold, expectedNanos);
    pending = nextAfter(firing);
    if (pending == null) {
      exhausted = true;
    }
  }

  private void handle(
      Instant firing, TickTime now, List<String> models, List<String> cold, long expectedNanos) {
    String at = CLOCK_TIME.format(firing.atZone(entry.zone())) + " " + entry.zone().getId();
    long keepUntil = now.nanosAt(firing.plus(entry.keepFor()));
    if (cold.isEmpty()) {
      logger.info(
          "scheduled pre-warm '{}': {} READY for {}; keeping warm for {}",
          entry.name(),
          models.isEmpty() ? "no models" : String.join(", ", models),
          at,
          entry.keepFor());
    } else {
      logger.info(
          "scheduled pre-warm '{}': loading {} for {} (expected load {})",
          entry.name(),
          String.join(", ", cold),
          at,
          LoadQueue.seconds(expectedNanos));
    }
    String why = "schedule '" + entry.name() + "' for " + at;
    for (String m : models) {
      Runnable keep = () -> target.keepWarm(m, keepUntil);
      if (!cold.contains(m)) {
        keep.run();
        continue;
      }
      queue.submit(
          new PrewarmJob(
              m,
              PrewarmKind.SCHEDULE,
              why,
              () -> {
                if (target.isReady(m)) {
                  keep.run();
                  return false;
                }
                return true;
              },
              keep));
    }
  }

  /** Expands the entry's models and graphs, in order, each model once. */
  private List<String> models() {
    Set<String> models = new LinkedHashSet<>();
    for (String name : entry.targets()) {
      try {
        models.addAll(target.modelsOf(name));
        unknown.remove(name);
      } catch (IllegalArgumentException e) {
        if (unknown.add(name)) {
          logger.warn(
              "scheduled pre-warm '{}': skipping '{}': {}",
              entry.name(),
              name,
              String.valueOf(e.getMessage()));
        }
      }
    }
    return List.copyOf(models);
  }

  private long estimateNanos(String model) {
    var measured = target.measuredLoadNanos(model);
    return measured.isPresent() ? measured.getAsLong() : settings.defaultLoadEstimate().toNanos();
  }

  private @Nullable Instant nextAfter(Instant t) {
    Optional<ZonedDateTime> next = entry.cron().next(t.atZone(entry.zone()));
    return next.map(ZonedDateTime::toInstant).orElse(null);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
