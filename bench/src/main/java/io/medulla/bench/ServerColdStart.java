package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.cache.MemoryBudget;
import io.medulla.inference.TenantId;
import io.medulla.repository.LoadCause;
import io.medulla.repository.ModelControlMode;
import io.medulla.server.AuditSettings;
import io.medulla.server.AuthenticationSettings;
import io.medulla.server.CacheSettings;
import io.medulla.server.MedullaServer;
import io.medulla.server.ServerConfig;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Part A of G7, on a real server in real time: first-request latency through binary REST to a model
 * that is not loaded (ON_DEMAND: the request waits for the load and warm-up), to one loaded ahead
 * by a pre-warm schedule, and the steady-state latency of a loaded model, all in one run on one
 * server and one warm client connection.
 *
 * <p>The model is copied under fresh names ({@code steady}, {@code lazy_1..K}, {@code sched_1..K})
 * so that each first request is the first of its model. The schedule's cron fires at the next whole
 * minute in UTC (or the one after when that is too close); with the default pre-warm settings its
 * lead time (1.5 × 60 s per never-loaded model + 30 s) exceeds the minute, so the loads start at
 * the first pre-warm tick and the models wait, kept warm, until the firing has passed.
 *
 * <p>Before each measured first request, a few requests to {@code steady} go first, so that lazy
 * and pre-warmed first requests find the server, the connection and the JIT in the same state. Each
 * first request is followed at once by a second to the same model, and after all of them each
 * pre-warmed model gets one more request behind the same steady requests (a revisit): the second
 * and the revisit tell a first request's one-time costs from the cost of switching models.
 */
final class ServerColdStart {
  static final String STEADY = "steady";
  private static final String HOST = "127.0.0.1";
  private static final int REQUESTS_BEFORE_EACH_FIRST = 20;
  private static final Duration READY_LIMIT = Duration.ofSeconds(120);
  private static final Duration KEEP_ALIVE_EVERY = Duration.ofMillis(200);

  /**
   * What part A measured.
   *
   * @param firingAt when the schedule's cron fired (UTC)
   * @param waitedForFiring whether the pre-warmed first requests came after the firing
   * @param readyMillisAfterStart from the server's start until every {@code sched_*} was READY
   * @param lazyFirst first requests to models not loaded
   * @param lazyFirstMicros each of them, in order
   * @param prewarmedFirst first requests to pre-warmed models
   * @param prewarmedFirstMicros each of them, in order
   * @param lazySecond the request right after each lazy first request, to the same model
   * @param prewarmedSecond the request right after each pre-warmed first request, to the same model
   * @param prewarmedRevisit a later request to each pre-warmed model, after the same requests to
   *     the steady model as its first had before it: what switching to a model that is loaded and
   *     already used costs, to tell one-time costs of a first request from switching costs
   * @param steady the steady model's requests, before and after together
   * @param steadyBeforeP50Micros p50 of the steady requests between the lazy and pre-warmed ones
   * @param steadyAfterP50Micros p50 of the steady requests after the pre-warmed first requests
   * @param adjacentSteady the steady requests sent just before each pre-warmed first request: the
   *     steady state at the same moments, immune to drift in the machine's load between phases
   * @param lazyOverPrewarmed lazy first-request p50 / pre-warmed first-request p50
   * @param prewarmedOverSteady pre-warmed first-request p50 / steady p50
   * @param prewarmedOverAdjacentSteady pre-warmed first-request p50 / adjacent steady p50
   * @param prewarmedOverRevisit pre-warmed first-request p50 / revisit p50: the part of the first
   *     request's excess that a first request alone pays
   * @param serverMetrics what the server's {@code /metrics} said about each group
   */
  record Result(
      String firingAt,
      boolean waitedForFiring,
      double readyMillisAfterStart,
      LatencyStats lazyFirst,
      List<Double> lazyFirstMicros,
      LatencyStats prewarmedFirst,
      List<Double> prewarmedFirstMicros,
      LatencyStats lazySecond,
      LatencyStats prewarmedSecond,
      LatencyStats prewarmedRevisit,
      LatencyStats steady,
      double steadyBeforeP50Micros,
      double steadyAfterP50Micros,
      LatencyStats adjacentSteady,
      double lazyOverPrewarmed,
      double prewarmedOverSteady,
      double prewarmedOverAdjacentSteady,
      double prewarmedOverRevisit,
      List<GroupMetrics> serverMetrics) {}

  /**
   * The server's own figures for a group of copies, read from {@code /metrics} at the end. Load and
   * warm-up times are exported in whole milliseconds (truncated) per load.
   *
   * @param group {@code lazy}, {@code sched} or {@code steady}
   * @param loads version loads, all causes
   * @param loadsByCause loads per cause ({@code on_demand}, {@code schedule}, ...)
   * @param meanLoadMillis mean backend load time per load
   * @param meanWarmupMillis mean warm-up time per load
   * @param coldStartRequests requests that had to wait for a load
   * @param meanColdStartWaitMillis their mean wait
   */
  record GroupMetrics(
      String group,
      double loads,
      Map<String, Double> loadsByCause,
      double meanLoadMillis,
      double meanWarmupMillis,
      double coldStartRequests,
      double meanColdStartWaitMillis) {}

  private final G7Options options;
  private final Ticker ticker;
  private final WallClock wall;
  private final PrintStream progress;

  ServerColdStart(G7Options options, Ticker ticker, WallClock wall, PrintStream progress) {
    this.options = requireNonNull(options, "options");
    this.ticker = requireNonNull(ticker, "ticker");
    this.wall = requireNonNull(wall, "wall");
    this.progress = requireNonNull(progress, "progress");
  }

  static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      names.add(prefix + "_" + i);
    }
    return names;
  }

  /** Returns the next whole minute at least {@code minLeadSecs} after {@code now}. */
  static Instant nextFiring(Instant now, int minLeadSecs) {
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    return Duration.between(now, minute).getSeconds() < minLeadSecs
        ? minute.plus(Duration.ofMinutes(1))
        : minute;
  }

  /** Returns the schedule file's text: the {@code sched_*} models at {@code firing}, in UTC. */
  static String scheduleYaml(Instant firing, List<String> models) {
    ZonedDateTime at = firing.atZone(ZoneOffset.UTC);
    return String.format(
        Locale.ROOT,
        "schedules:%n"
            + "  - name: g7-prewarm%n"
            + "    cron: \"%d %d * * *\"%n"
            + "    time_zone: UTC%n"
            + "    models: [%s]%n"
            + "    keep_for: 10m%n",
        at.getMinute(),
        at.getHour(),
        String.join(", ", models));
  }

  Result run() throws Exception {
    int k = options.firstRequests();
    List<String> lazy = names("lazy", k);
    List<String> sched = names("sched", k);
    Path work = Files.createTempDirectory("medulla-g7");
    Path repository = work.resolve("models");
    List<String> all = new ArrayList<>(List.of(STEADY));
    all.addAll(lazy);
    all.addAll(sched);
    ModelCopies.copy(options.repository(), options.model(), repository, all, "");
    Instant firing = nextFiring(wall.now(), options.minLeadSecs());
    Path schedule = work.resolve("prewarm.yaml");
    Files.writeString(schedule, scheduleYaml(firing, sched), StandardCharsets.UTF_8);
    progress.printf(
        Locale.ROOT,
        "g7 A: %d lazy and %d scheduled copies of '%s'; the schedule fires at %s%n",
        k,
        k,
        options.model(),
        firing);

    try {
      return measure(work, repository, schedule, firing, lazy, sched);
    } finally {
      ModelCopies.deleteTree(work);
    }
  }

  private Result measure(
      Path work,
      Path repository,
      Path schedule,
      Instant firing,
      List<String> lazy,
      List<String> sched)
      throws Exception {
    long start = ticker.nanos();
    try (MedullaServer server = MedullaServer.start(config(repository, work, schedule))) {
      server.engine().loadModel(STEADY);
      BenchModel steadyModel =
          BenchModel.resolve(server.engine(), repository, STEADY, 1, options.seed());
      try (ColdStartClient client =
          new ColdStartClient(HOST, server.httpPort(), server.metricsPort(), steadyModel)) {
        client.infer(STEADY);
        double readyMillis = awaitReady(client, sched, start) / 1e6;
        progress.printf(
            Locale.ROOT, "g7 A: scheduled copies READY %.0f ms after the start%n", readyMillis);
        for (int i = 0; i < options.steadyWarmup(); i++) {
          client.infer(STEADY);
        }
        long[][] lazyNanos = firstRequests(client, lazy);
        progress.printf(
            Locale.ROOT,
            "g7 A: lazy first p50 %.1f µs%n",
            LatencyStats.of(lazyNanos[0]).p50Micros());
        int before = options.steadyRequests() / 2;
        long[] steadyBefore = steady(client, before);
        if (options.waitForFiring()) {
          progress.printf(Locale.ROOT, "g7 A: waiting for the firing at %s%n", firing);
          keepWarmUntil(client, firing.plusSeconds(1));
        }
        awaitReady(client, sched, ticker.nanos());
        long[][] prewarmedNanos = firstRequests(client, sched);
        LatencyStats revisit = LatencyStats.of(revisit(client, sched));
        long[] steadyAfter = steady(client, options.steadyRequests() - before);
        PrometheusSamples metrics = PrometheusSamples.parse(client.scrapeMetrics());
        LatencyStats lazyStats = LatencyStats.of(lazyNanos[0]);
        LatencyStats prewarmedStats = LatencyStats.of(prewarmedNanos[0]);
        LatencyStats adjacent = LatencyStats.of(prewarmedNanos[2]);
        LatencyStats steadyStats = LatencyStats.of(concat(steadyBefore, steadyAfter));
        progress.printf(
            Locale.ROOT,
            "g7 A: pre-warmed first p50 %.1f µs, steady p50 %.1f µs%n",
            prewarmedStats.p50Micros(),
            steadyStats.p50Micros());
        return new Result(
            firing.toString(),
            options.waitForFiring(),
            readyMillis,
            lazyStats,
            micros(lazyNanos[0]),
            prewarmedStats,
            micros(prewarmedNanos[0]),
            LatencyStats.of(lazyNanos[1]),
            LatencyStats.of(prewarmedNanos[1]),
            revisit,
            steadyStats,
            LatencyStats.of(steadyBefore).p50Micros(),
            LatencyStats.of(steadyAfter).p50Micros(),
            adjacent,
            lazyStats.p50Micros() / prewarmedStats.p50Micros(),
            prewarmedStats.p50Micros() / steadyStats.p50Micros(),
            prewarmedStats.p50Micros() / adjacent.p50Micros(),
            prewarmedStats.p50Micros() / revisit.p50Micros(),
            List.of(
                group(metrics, "lazy", lazy),
                group(metrics, "sched", sched),
                group(metrics, STEADY, List.of(STEADY))));
      }
    }
  }

  private ServerConfig config(Path repository, Path data, Path schedule) {
    return ServerConfig.builder(repository)
        .ports(0, 0, 0)
        .modelControl(ModelControlMode.ON_DEMAND, List.of())
        .authentication(AuthenticationSettings.anonymousLoopback(TenantId.DEFAULT))
        .audit(AuditSettings.inDirectory(data).disabled())
        .cache(
            new CacheSettings(
                MemoryBudget.unlimited(), Set.of(), schedule, false, ZoneId.of("UTC")))
        .build();
  }

  /** Polls until every model is READY; returns the nanoseconds since {@code since}. */
  private long awaitReady(ColdStartClient client, List<String> models, long since)
      throws Exception {
    long limit = ticker.nanos() + READY_LIMIT.toNanos();
    for (String m : models) {
      while (!client.isReady(m)) {
        if (ticker.nanos() > limit) {
          throw new IllegalStateException(
              "model '" + m + "' was not READY within " + READY_LIMIT + " of pre-warm");
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
    return ticker.nanos() - since;
  }

  /** Sends requests to the steady model now and then until the wall clock passes {@code until}. */
  private void keepWarmUntil(ColdStartClient client, Instant until) throws Exception {
    while (wall.now().isBefore(until)) {
      client.infer(STEADY);
      LockSupport.parkNanos(KEEP_ALIVE_EVERY.toNanos());
    }
  }

  /**
   * Sends each model its first request, then a second one at once; returns the latencies of the
   * first requests, of the second ones (which tell what the first paid once), and of the steady
   * requests sent before each first.
   */
  private long[][] firstRequests(ColdStartClient client, List<String> models) throws Exception {
    long[] first = new long[models.size()];
    long[] second = new long[models.size()];
    long[] before = new long[models.size() * REQUESTS_BEFORE_EACH_FIRST];
    for (int i = 0; i < first.length; i++) {
      for (int j = 0; j < REQUESTS_BEFORE_EACH_FIRST; j++) {
        long s = ticker.nanos();
        client.infer(STEADY);
        before[i * REQUESTS_BEFORE_EACH_FIRST + j] = ticker.nanos() - s;
      }
      long t = ticker.nanos();
      client.infer(models.get(i));
      long u = ticker.nanos();
      client.infer(models.get(i));
      first[i] = u - t;
      second[i] = ticker.nanos() - u;
    }
    return new long[][] {first, second, before};
  }

  /** Sends each model one more request, after the same steady requests as its first had. */
  private long[] revisit(ColdStartClient client, List<String> models) throws Exception {
    long[] nanos = new long[models.size()];
    for (int i = 0; i < nanos.length; i++) {
      for (int j = 0; j < REQUESTS_BEFORE_EACH_FIRST; j++) {
        client.infer(STEADY);
      }
      long t = ticker.nanos();
      client.infer(models.get(i));
      nanos[i] = ticker.nanos() - t;
    }
    return nanos;
  }

  private long[] steady(ColdStartClient client, int requests) throws Exception {
    long[] nanos = new long[requests];
    for (int i = 0; i < requests; i++) {
      long t = ticker.nanos();
      client.infer(STEADY);
      nanos[i] = ticker.nanos() - t;
    }
    return nanos;
  }

  private static GroupMetrics group(PrometheusSamples m, String group, List<String> models) {
    double loads = 0;
    double loadMs = 0;
    double loadCount = 0;
    double warmupMs = 0;
    double warmupCount = 0;
    double cold = 0;
    double waitMs = 0;
    Map<String, Double> byCause = new TreeMap<>();
    for (String model : models) {
      loads += m.sumOfModel("medulla_model_loads_total", model, "");
      for (LoadCause c : LoadCause.values()) {
        String cause = c.name().toLowerCase(Locale.ROOT);
        double n = m.sumOfModel("medulla_model_loads_total", model, "cause=\"" + cause + "\"");
        if (n > 0) {
          byCause.merge(cause, n, Double::sum);
        }
      }
      loadMs += m.ofModel("medulla_model_load_ms_sum", model);
      loadCount += m.ofModel("medulla_model_load_ms_count", model);
      warmupMs += m.ofModel("medulla_model_warmup_ms_sum", model);
      warmupCount += m.ofModel("medulla_model_warmup_ms_count", model);
      cold += m.ofModel("medulla_model_cold_start_requests_total", model);
      waitMs += m.ofModel("medulla_model_cold_start_wait_ms_sum", model);
    }
    return new GroupMetrics(
        group,
        loads,
        byCause,
        loadCount == 0 ? 0 : loadMs / loadCount,
        warmupCount == 0 ? 0 : warmupMs / warmupCount,
        cold,
        cold == 0 ? 0 : waitMs / cold);
  }

  private static long[] concat(long[] a, long[] b) {
    long[] all = new long[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static List<Double> micros(long[] nanos) {
    List<Double> out = new ArrayList<>();
    for (long n : nanos) {
      out.add(n / 1_000.0);
    }
    return out;
  }
}
