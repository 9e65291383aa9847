package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.cache.MemoryBudget;
import io.medulla.cache.ModelCache;
import io.medulla.inference.Deadline;
import io.medulla.prewarm.CronExpression;
import io.medulla.prewarm.PrewarmSchedule;
import io.medulla.prewarm.PrewarmSettings;
import io.medulla.prewarm.Prewarmer;
import io.medulla.prewarm.ScheduleEntry;
import io.medulla.repository.LoadReport;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelLease;
import io.medulla.repository.ModelRepository;
import io.medulla.runtime.onnx.OnnxBackend;
import io.medulla.server.CachePrewarmTarget;
import io.medulla.time.Ticker;
import io.medulla.time.VirtualClock;
import io.medulla.time.WallClock;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part B of G7, a simulated hospital day in virtual time: a real repository of ONNX models in
 * ON_DEMAND mode behind a real {@link ModelCache} with a memory budget that holds only some of
 * them, and a real {@link Prewarmer}, all on one {@link VirtualClock}. Morning rounds (07:00–09:00
 * Europe/Berlin) send requests to the {@code rounds_*} models, the evening backlog (18:00–19:00) to
 * the {@code backlog_*} models, at seeded random times. Each request takes a lease from the cache
 * and counts a cold start when it had to wait for a load. The same day runs twice: with a pre-warm
 * schedule (rounds at 07:00, backlog at 18:00) and without one; predictive pre-warm is off both
 * times.
 *
 * <p>Loads run inline (a direct executor), so the clock never moves during a load: real ONNX loads
 * take real time, virtual time none. A request therefore never sees how long a load took, only
 * whether it had to wait for one; the real load times are reported beside the counts.
 */
final class MorningSimulation {
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  static final LocalDate DATE = LocalDate.of(2026, 3, 2);
  static final String DECLARED = "64 MiB";
  private static final long DECLARED_BYTES = 64L << 20;
  private static final LocalTime DAY_START = LocalTime.of(5, 0);
  private static final LocalTime DAY_END = LocalTime.of(20, 0);
  private static final LocalTime MORNING = LocalTime.of(7, 0);
  private static final LocalTime MORNING_END = LocalTime.of(9, 0);
  private static final LocalTime EVENING = LocalTime.of(18, 0);
  private static final LocalTime EVENING_END = LocalTime.of(19, 0);
  private static final Duration STEP = Duration.ofSeconds(1);

  /**
   * One simulated day.
   *
   * @param scheduled whether the pre-warm schedule was on
   * @param requests requests sent
   * @param coldStarts requests whose lease says they waited for a load
   * @param coldStartsByModel the same, per model
   * @param coldStartsHeardByCache cold starts the cache's listener reported (must agree)
   * @param failedRequests requests that got no lease (refused, or not completed inline)
   * @param loadsByCause version loads per cause
   * @param evictions versions evicted to make room
   * @param realLoadMillis real time spent loading and warming up, all loads together
   * @param realSeconds real time the whole simulated day took
   * @param events what happened, at simulated local time
   */
  record Day(
      boolean scheduled,
      int requests,
      int coldStarts,
      Map<String, Integer> coldStartsByModel,
      int coldStartsHeardByCache,
      int failedRequests,
      Map<String, Integer> loadsByCause,
      int evictions,
      double realLoadMillis,
      double realSeconds,
      List<String> events) {}

  /**
   * What part B found.
   *
   * @param date the simulated day
   * @param zone its time zone
   * @param day the simulated span, local time
   * @param morningModels used 07:00–09:00
   * @param eveningModels used 18:00–19:00
   * @param declaredBytesPerModel each model's declared footprint
   * @param budgetBytes the host budget
   * @param modelsThatFit how many models the budget holds at once
   * @param requestsPerModel requests to each model in its session
   * @param seed the arrivals' seed
   * @param schedule the schedule of the scheduled day, as a schedule file would say it
   * @param withSchedule the day with the schedule
   * @param withoutSchedule the day without
   * @param note what virtual time means here
   */
  record Result(
      String date,
      String zone,
      String day,
      List<String> morningModels,
      List<String> eveningModels,
      String declaredBytesPerModel,
      long budgetBytes,
      int modelsThatFit,
      int requestsPerModel,
      long seed,
      String schedule,
      Day withSchedule,
      Day withoutSchedule,
      String note) {}

  private record Arrival(long offsetNanos, String model) {}

  private final G7Options options;
  private final Ticker realTicker;
  private final PrintStream progress;

  MorningSimulation(G7Options options, Ticker realTicker, PrintStream progress) {
    this.options = requireNonNull(options, "options");
    this.realTicker = requireNonNull(realTicker, "realTicker");
    this.progress = requireNonNull(progress, "progress");
  }

  Result run() throws Exception {
    List<String> morning = ServerColdStart.names("rounds", options.morningModels());
    List<String> evening = ServerColdStart.names("backlog", options.eveningModels());
    int fit = Math.max(morning.size(), evening.size());
    long budget = fit * DECLARED_BYTES;
    Path work = Files.createTempDirectory("medulla-g7-day");
    try {
      Path repository = work.resolve("models");
      List<String> all = new ArrayList<>(morning);
      all.addAll(evening);
      ModelCopies.copy(options.repository(), options.model(), repository, all, DECLARED);
      List<Arrival> arrivals = arrivals(morning, evening);
      PrewarmSchedule schedule = schedule(morning, evening);
      Day with = day(repository, budget, schedule, arrivals);
      progress.printf(Locale.ROOT, "g7 B: with the schedule: %d cold starts%n", with.coldStarts());
      Day without = day(repository, budget, PrewarmSchedule.empty(), arrivals);
      progress.printf(
          Locale.ROOT, "g7 B: without a schedule: %d cold starts%n", without.coldStarts());
      return new Result(
          DATE.toString(),
          ZONE.getId(),
          DAY_START + "–" + DAY_END,
          morning,
          evening,
          DECLARED,
          budget,
          fit,
          options.requestsPerModel(),
          options.seed(),
          scheduleYaml(schedule),
          with,
          without,
          "Virtual time: the clock advances in 1 s steps and stands still while a model loads"
              + " (loads run inline), so a cold start costs no virtual time; real ONNX Runtime"
              + " loads and warm-ups ran and their real time is in realLoadMillis. The schedule is"
              + " built in code from the entries shown, as the server reads them from a"
              + " --prewarm-schedule file.");
    } finally {
      ModelCopies.deleteTree(work);
    }
  }

  private static Instant at(LocalTime time) {
    return ZonedDateTime.of(DATE, time, ZONE).toInstant();
  }

  private List<Arrival> arrivals(List<String> morning, List<String> evening) {
    SplittableRandom random = new SplittableRandom(options.seed());
    List<Arrival> arrivals = new ArrayList<>();
    addSession(arrivals, random, morning, MORNING, MORNING_END);
    addSession(arrivals, random, evening, EVENING, EVENING_END);
    return arrivals;
  }

  private void addSession(
      List<Arrival> out,
      SplittableRandom random,
      List<String> models,
      LocalTime from,
      LocalTime to) {
    Instant origin = at(DAY_START);
    long start = Duration.between(origin, at(from)).toNanos();
    long span = Duration.between(at(from), at(to)).toNanos();
    for (String model : models) {
      for (int i = 0; i < options.requestsPerModel(); i++) {
        out.add(new Arrival(start + random.nextLong(span), model));
      }
    }
  }

  static PrewarmSchedule schedule(List<String> morning, List<String> evening) {
    return new PrewarmSchedule(
        List.of(
            new ScheduleEntry(
                "morning-rounds",
                CronExpression.parse("0 7 * * *"),
                ZONE,
                morning,
                List.of(),
                Duration.ofHours(2)),
            new ScheduleEntry(
                "evening-backlog",
                CronExpression.parse("0 18 * * *"),
                ZONE,
                evening,
                List.of(),
                Duration.ofHours(1))));
  }

  private static String scheduleYaml(PrewarmSchedule schedule) {
    StringBuilder s = new StringBuilder("schedules:\n");
    for (ScheduleEntry e : schedule.entries()) {
      s.append("  - name: ").append(e.name()).append('\n');
      s.append("    cron: \"").append(e.cron()).append("\"\n");
      s.append("    time_zone: ").append(e.zone().getId()).append('\n');
      s.append("    models: [").append(String.join(", ", e.models())).append("]\n");
      s.append("    keep_for: ").append(e.keepFor().toHours()).append("h\n");
    }
    return s.toString();
  }

  private Day day(Path root, long budget, PrewarmSchedule schedule, List<Arrival> arrivals) {
    long realStart = realTicker.nanos();
    VirtualClock clock = new VirtualClock();
    WallClock calendar = WallClock.over(clock, at(DAY_START));
    DayRecorder recorder = new DayRecorder(calendar, ZONE);
    ModelCache cache =
        ModelCache.builder()
            .budget(MemoryBudget.of(LoadReport.HOST, budget))
            .ticker(clock)
            .timer(clock)
            .loadExecutor(Runnable::run)
            .listener(recorder)
            .build();
    ModelRepository repository =
        ModelRepository.builder(root)
            .backends(List.of(new OnnxBackend()))
            .controlMode(ModelControlMode.ON_DEMAND)
            .listener(cache.lifecycleListener())
            .loadGate(cache)
            .build();
    cache.bind(repository);
    Map<String, Integer> coldByModel = new TreeMap<>();
    for (Arrival a : arrivals) {
      coldByModel.put(a.model(), 0);
    }
    AtomicInteger failed = new AtomicInteger();
    try (Prewarmer prewarmer =
        new Prewarmer(
            CachePrewarmTarget.modelsOnly(cache, repository),
            schedule,
            null,
            clock,
            clock,
            calendar,
            PrewarmSettings.defaults(),
            recorder)) {
      cache.start(Set.of());
      for (Arrival a : arrivals) {
        clock.schedule(
            Duration.ofNanos(a.offsetNanos()),
            () -> arrive(cache, a.model(), coldByModel, failed, recorder));
      }
      prewarmer.start();
      long end = Duration.between(at(DAY_START), at(DAY_END)).toNanos();
      while (clock.nanos() < end) {
        clock.advance(STEP);
      }
    } finally {
      cache.close();
      repository.close();
    }
    int cold = coldByModel.values().stream().mapToInt(Integer::intValue).sum();
    return new Day(
        !schedule.isEmpty(),
        arrivals.size(),
        cold,
        coldByModel,
        recorder.coldStarts(),
        failed.get(),
        recorder.loadsByCause(),
        recorder.evictions(),
        recorder.realLoadNanos() / 1e6,
        (realTicker.nanos() - realStart) / 1e9,
        recorder.events());
  }

  private static void arrive(
      ModelCache cache,
      String model,
      Map<String, Integer> coldByModel,
      AtomicInteger failed,
      DayRecorder recorder) {
    CompletableFuture<ModelLease> lease = cache.acquire(model, "", Deadline.none());
    if (!lease.isDone() || lease.isCompletedExceptionally()) {
      failed.incrementAndGet();
      lease.cancel(false);
      recorder.log("request to " + model + " got no lease");
      return;
    }
    try (ModelLease l = lease.join()) {
      if (l.coldStart()) {
        coldByModel.merge(model, 1, Integer::sum);
      }
    }
  }
}
