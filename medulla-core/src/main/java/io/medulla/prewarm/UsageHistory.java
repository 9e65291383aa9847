package io.medulla.prewarm;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Requests per model by hour of the week, over the last few weeks: what predictive pre-warm
 * predicts from. The hour of week is {@code (dayOfWeek - 1) × 24 + hour} in the history's zone, so
 * Monday 00:00-01:00 is hour 0 and Sunday 23:00-24:00 hour 167. It holds model names and counts
 * only, never request data.
 *
 * <p>The expectation for an hour of the week is the mean of that hour's counts over the weeks
 * observed: its past occurrences since the model was first seen, at most {@link #weeks()}, and at
 * least 1 as the divisor.
 *
 * <p>Durable through {@link #save} and {@link #load}, in the text format {@link UsageHistoryFile}
 * describes.
 *
 * <p>Thread-safe. {@link #record} is lock-free (a map lookup and a compare-and-set on the hour's
 * counter), for the request hot path; the other methods may run concurrently with it.
 */
public final class UsageHistory {
  /** The number of hours in a week: the number of buckets per model. */
  public static final int HOURS_PER_WEEK = 168;

  /** How many weeks are kept by default. */
  public static final int DEFAULT_WEEKS = 4;

  /** 1970-01-01 was a Thursday; weeks are counted from Monday 1970-01-05. */
  private static final int EPOCH_MONDAY = 4;

  private final ZoneId zone;
  private final int weeks;
  private final Map<String, ModelUsage> models = new ConcurrentHashMap<>();
  private final Object saveLock = new Object();

  /** Creates an empty history reading hours in {@code zone} and keeping {@code weeks} weeks. */
  public UsageHistory(ZoneId zone, int weeks) {
    this.zone = requireNonNull(zone, "zone");
    if (weeks < 1 || weeks > 52) {
      throw new IllegalArgumentException("weeks: " + weeks + " (expected 1-52)");
    }
    this.weeks = weeks;
  }

  /** Creates an empty history reading hours in {@code zone} and keeping {@value #DEFAULT_WEEKS}. */
  public UsageHistory(ZoneId zone) {
    this(zone, DEFAULT_WEEKS);
  }

  /** Returns the zone hours of the week are read in. */
  public ZoneId zone() {
    return zone;
  }

  /** Returns how many weeks the mean is over at most. */
  public int weeks() {
    return weeks;
  }

  /** Counts one finished request for {@code model} at {@code at}. Cheap; call on every request. */
  public void record(String model, Instant at) {
    add(model, at, 1);
  }

  void add(String model, Instant at, long n) {
    LocalDateTime t = LocalDateTime.ofInstant(at, zone);
    int week = week(t);
    int hourOfWeek = hourOfWeek(t);
    ModelUsage u = usage(model);
    u.seen((long) week * HOURS_PER_WEEK + hourOfWeek);
    u.add(week, hourOfWeek, n);
  }

  ModelUsage usage(String model) {
    @Nullable ModelUsage u = models.get(model);
    // A ring per model keeps the weeks observed plus the week in progress.
    return u != null ? u : models.computeIfAbsent(model, m -> new ModelUsage(weeks + 1));
  }

  /** Returns the mean number of requests for {@code model} in {@code hourOfWeek}, as of now. */
  public double expected(String model, int hourOfWeek, Instant now) {
    return expectation(model, hourOfWeek, now).requests();
  }

  /**
   * Returns what to expect for {@code model} in the next occurrence of {@code hourOfWeek} after
   * {@code now}: the mean over its past occurrences (an occurrence in progress does not count).
   */
  public UsageExpectation expectation(String model, int hourOfWeek, Instant now) {
    if (hourOfWeek < 0 || hourOfWeek >= HOURS_PER_WEEK) {
      throw new IllegalArgumentException("hourOfWeek: " + hourOfWeek + " (expected 0-167)");
    }
    @Nullable ModelUsage u = models.get(model);
    if (u == null) {
      return new UsageExpectation(0, 0);
    }
    LocalDateTime t = LocalDateTime.ofInstant(now, zone);
    int thisWeek = week(t);
    int lastWeek = hourOfWeek < hourOfWeek(t) ? thisWeek : thisWeek - 1;
    long firstHour = u.firstHour();
    long sum = 0;
    int observed = 0;
    for (int w = lastWeek; w > lastWeek - weeks; w--) {
      if ((long) w * HOURS_PER_WEEK + hourOfWeek < firstHour) {
        break;
      }
      sum += u.count(w, hourOfWeek);
      observed++;
    }
    return new UsageExpectation((double) sum / Math.max(1, observed), observed);
  }

  /** Returns the models seen, sorted. */
  public List<String> models() {
    return models.keySet().stream().sorted().toList();
  }

  /** Returns the hour of the week {@code at} falls in, in this history's zone (0-167). */
  public int hourOfWeek(Instant at) {
    return hourOfWeek(LocalDateTime.ofInstant(at, zone));
  }

  /**
   * Writes the history to {@code file} atomically: a temporary file in the same folder, flushed to
   * disk, then moved over {@code file}.
   */
  public void save(Path file) throws IOException {
    synchronized (saveLock) {
      UsageHistoryFile.write(this, file);
    }
  }

  /**
   * Reads a history written by {@link #save}; a missing file gives an empty history.
   *
   * @throws IOException when the file cannot be read or is not a usage history (the message names
   *     the file and the line), or was written for another zone
   */
  public static UsageHistory load(Path file, ZoneId zone, int weeks) throws IOException {
    UsageHistory history = new UsageHistory(zone, weeks);
    UsageHistoryFile.read(file, history);
    return history;
  }

  /** Passes every model's first-seen hour and non-zero counts to the visitor (for saving). */
  void forEachModel(ModelVisitor visitor) {
    models.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> visitor.visit(e.getKey(), e.getValue()));
  }

  /** Receives one model's usage. */
  @FunctionalInterface
  interface ModelVisitor {
    void visit(String model, ModelUsage usage);
  }

  private static int week(LocalDateTime t) {
    return Math.toIntExact(Math.floorDiv(t.toLocalDate().toEpochDay() - EPOCH_MONDAY, 7));
  }

  private static int hourOfWeek(LocalDateTime t) {
    return (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
  }
}
