package io.medulla.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.Server;
import io.medulla.audit.AuditStore;
import io.medulla.cache.ModelCache;
import io.medulla.engine.DefaultInferenceEngine;
import io.medulla.engine.EngineListener;
import io.medulla.engine.GraphCatalog;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.ModelId;
import io.medulla.observability.GraphMetrics;
import io.medulla.observability.ModelCacheMetrics;
import io.medulla.observability.SchedulerMetrics;
import io.medulla.observability.TritonMetrics;
import io.medulla.prewarm.PrewarmSchedule;
import io.medulla.prewarm.PrewarmSettings;
import io.medulla.prewarm.Prewarmer;
import io.medulla.prewarm.UsageHistory;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.runtime.Backend;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import io.medulla.time.WallClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component from a {@link ServerConfig}, starts the REST, gRPC
 * and metrics listeners, and shuts them down gracefully. The only class that knows everything.
 */
public final class MedullaServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MedullaServer.class);

  private final ServerConfig config;
  private final ExecutorService executionPool;
  private final ScheduledExecutorService housekeeping;
  private final ScheduledExecutorService timers;
  private final ExecutorService loadPool;
  private final ScheduledExecutorService prewarmThread;
  private final ModelCache cache;
  private final ModelCacheMetrics cacheMetrics = new ModelCacheMetrics();
  private final PrewarmSchedule prewarmSchedule;
  private final @Nullable UsageHistory usageHistory;
  private @Nullable Prewarmer prewarmer;
  private final RepositoryCatalog catalog;
  private final DefaultInferenceEngine engine;
  private final TritonMetrics metrics;
  private final SchedulerMetrics schedulerMetrics;
  private final Transport transport;
  private final Security security;
  private final @Nullable AuditTrail audit;
  private final GraphMetrics graphMetrics = new GraphMetrics();
  private final Autoscaling autoscaling;
  private final List<Server> listeners = new ArrayList<>();
  private final InferenceEngine servedEngine;
  private final Server http;
  private final Server grpc;
  private final Server metricsServer;

  private MedullaServer(ServerConfig config, UnaryOperator<AuditStore> auditStores) {
    this.config = config;
    Ticker ticker = Ticker.system();
    // First, so that a bad key file or key set stops the start before any thread exists.
    this.security = Security.create(config, ticker, WallClock.system());
    this.executionPool =
        Executors.newFixedThreadPool(config.executionThreads(), daemonThreads("medulla-exec-"));
    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("medulla-housekeeping-"));
    // Batch wake-ups get their own thread: repository polling may block it for a model load.
    this.timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("medulla-timer-"));
    Timer timer = Timer.of(timers);
    this.metrics = new TritonMetrics();
    this.schedulerMetrics = new SchedulerMetrics(config.tenants().tenants().keySet());
    this.audit =
        config.audit().enabled()
            ? AuditTrail.open(
                config.audit(), timer, executionPool, ticker, WallClock.system(), auditStores)
            : null;
    SchedulerListener schedulerListener = SchedulerListener.both(metrics, schedulerMetrics);
    if (audit != null) {
      schedulerListener = SchedulerListener.both(schedulerListener, audit.timings());
    }
    this.autoscaling = new Autoscaling(config.autoscaling(), ticker, timer, this::instancesOf);
    schedulerListener = SchedulerListener.both(schedulerListener, autoscaling.listener());
    List<Backend> backends = Backends.create(config);
    // Read before any model loads, so that a bad schedule stops the start early.
    this.prewarmSchedule = PrewarmSchedules.read(config.cache());
    this.usageHistory = PrewarmSchedules.usageHistory(config);
    // Loads of different models run side by side; one model's loads are serialized by its lock.
    this.loadPool = Executors.newFixedThreadPool(2, daemonThreads("medulla-load-"));
    // Pre-warm ticks and history saves never delay batch wake-ups on the timer thread.
    this.prewarmThread =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("medulla-prewarm-"));
    this.cache =
        ModelCache.builder()
            .budget(config.cache().budget())
            .pinned(config.cache().pinned())
            .ticker(ticker)
            .timer(timer)
            .loadExecutor(loadPool)
            .listener(cacheMetrics)
            .build();
    ForwardingLifecycleListener lifecycle = new ForwardingLifecycleListener();
    this.catalog = RepositoryCatalog.create(config, backends, lifecycle, cache, ticker);
    this.engine =
        new DefaultInferenceEngine(
            catalog,
            (served, listener) ->
                Schedulers.create(
                    served, listener, executionPool, ticker, timer, config.tenants().policies()),
            ticker,
            WallClock.system(),
            usageHistory == null
                ? metrics
                : EngineListener.both(metrics, new UsageRecorder(usageHistory, WallClock.system())),
            schedulerListener,
            Version.current(),
            GraphCatalog.builder(ticker, timer)
                .documentParser(new GraphYaml())
                .functions(GraphFunctions.discover())
                .listener(graphMetrics)
                .build());
    lifecycle.forwardTo(List.of(cache.lifecycleListener(), engine, cacheMetrics));
    this.transport = new Transport(config);
    String bootId = Protocols.newBootId();
    InferenceEngine protectedEngine =
        audit == null ? security.protect(engine) : security.protect(engine, audit, ticker);
    this.servedEngine = protectedEngine;
    this.http =
        listen(
            Protocols.rest(protectedEngine, ticker, config, Protocols.requestIds(bootId, "h")),
            config.httpPort());
    this.grpc =
        listen(
            Protocols.grpc(protectedEngine, ticker, config, Protocols.requestIds(bootId, "g")),
            config.grpcPort());
    this.metricsServer =
        listen(sb -> sb.service("/metrics", Protocols.metrics(this::scrape)), config.metricsPort());
  }

  /**
   * Starts a server: loads the initial models, then opens the listeners. A model that fails to load
   * does not stop the server; it shows as UNAVAILABLE with its reason.
   */
  public static MedullaServer start(ServerConfig config) {
    return start(config, UnaryOperator.identity());
  }

  /** Starts a server whose audit store is passed through {@code auditStores} (tests). */
  static MedullaServer start(ServerConfig config, UnaryOperator<AuditStore> auditStores) {
    MedullaServer server =
        new MedullaServer(requireNonNull(config, "config"), requireNonNull(auditStores, "hook"));
    try {
      server.catalog.start(new HashSet<>(config.loadModels()));
      server.engine.refreshGraphs();
      server.startPrewarm();
      server.autoscaling.start();
      for (Server s : server.listeners) {
        s.start().join();
      }
      server.transport.scheduleReload(server.housekeeping);
      server.security.schedule(server.housekeeping);
      AuditTrail trail = server.audit;
      if (trail != null) {
        trail.scheduleRetention(server.housekeeping);
        if (trail.failOpen()) {
          log.warn(
              "AUDIT FAIL-OPEN (--audit-fail-open): when the audit store cannot be written,"
                  + " responses are released WITHOUT a durable audit record");
        }
      } else {
        log.warn(
            "AUDIT DISABLED (--no-audit): no audit trail is written. For benchmarks only;"
                + " never for clinical use");
      }
      if (config.isInsecureRemote()) {
        log.warn(
            "INSECURE: serving {} without TLS or authentication (--allow-insecure-remote);"
                + " anyone who can reach it can read and send patient data",
            config.address());
      }
      if (config.modelControlMode() == ModelControlMode.POLL) {
        server.housekeeping.scheduleWithFixedDelay(
            () -> {
              server.catalog.poll();
              server.engine.refreshGraphs();
            },
            config.repositoryPollSecs(),
            config.repositoryPollSecs(),
            TimeUnit.SECONDS);
      }
      server.engine.markStarted();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Checks the schedule's names against the repository and graphs, then starts pre-warm. */
  private void startPrewarm() {
    CachePrewarmTarget target = CachePrewarmTarget.of(cache, catalog.repository(), engine);
    PrewarmSchedules.check(prewarmSchedule, target, config.cache());
    Prewarmer p =
        new Prewarmer(
            target,
            prewarmSchedule,
            usageHistory,
            Ticker.system(),
            Timer.of(prewarmThread),
            WallClock.system(),
            PrewarmSettings.defaults()
                .withHistoryFile(usageHistory == null ? null : PrewarmSchedules.usageFile(config)),
            cacheMetrics);
    prewarmer = p;
    p.start();
  }

  private Server listen(Protocols.Routes routes, int port) {
    var builder =
        transport
            .listener(port)
            .maxRequestLength(config.maxRequestBytes())
            .requestTimeoutMillis(0)
            .gracefulShutdownTimeout(java.time.Duration.ZERO, config.shutdownGrace());
    routes.addTo(builder);
    builder.decorator(security.edge());
    Server server = builder.build();
    listeners.add(server);
    return server;
  }

  private String scrape() {
    StringBuilder out = new StringBuilder(metrics.scrape());
    schedulerMetrics.scrape(out, engine.queueSnapshots());
    graphMetrics.scrape(out);
    cacheMetrics.scrape(out, cache.memory(), cache.residents());
    autoscaling.scrape(out);
    return out.toString();
  }

  /** Returns a served version's instance count, which its busy time is shared by. */
  private int instancesOf(ModelId model) {
    return engine.modelConfig(model.name(), Long.toString(model.version())).instanceCount();
  }

  /** Returns the engine, for in-process callers such as benchmarks. */
  public InferenceEngine engine() {
    return engine;
  }

  /** Returns the engine the protocols call (authenticated, authorised and audited). */
  InferenceEngine servedEngine() {
    return servedEngine;
  }

  /** Returns the audit trail; null with {@code --no-audit}. */
  @Nullable AuditTrail auditTrail() {
    return audit;
  }

  /** Returns the bound REST port. */
  public int httpPort() {
    return http.activeLocalPort();
  }

  /** Returns the bound gRPC port. */
  public int grpcPort() {
    return grpc.activeLocalPort();
  }

  /** Returns the bound metrics port. */
  public int metricsPort() {
    return metricsServer.activeLocalPort();
  }

  /** Re-reads the TLS files now instead of at the next scheduled check (for tests). */
  boolean reloadCertificates() {
    return transport.reloadCertificates();
  }

  /** Returns the start-up report: addresses, models with state and versions, logs and data. */
  public String summary() {
    List<ModelVersionStatus> models = engine.repositoryIndex(false);
    return Summary.render(
        Version.current(), config, config.address(), httpPort(), grpcPort(), metricsPort(), models);
  }

  /** Re-reads the API key file now if it changed, as the housekeeping thread does every 2 s. */
  void reloadCredentials() {
    security.reloadCredentials();
  }

  /**
   * Stops gracefully: readiness turns false, listeners stop accepting and finish in-flight requests
   * (up to the configured grace), models are unloaded, threads end.
   */
  @Override
  public void close() {
    engine.beginDrain();
    housekeeping.shutdownNow();
    autoscaling.close();
    Prewarmer p = prewarmer;
    if (p != null) {
      // Saves the usage history.
      p.close();
    }
    prewarmThread.shutdownNow();
    for (Server s : listeners) {
      try {
        s.stop().join();
      } catch (RuntimeException e) {
        log.warn("listener did not stop cleanly: {}", e.toString());
      }
    }
    security.close();
    AuditTrail trail = audit;
    if (trail != null) {
      // After the listeners: every in-flight request has had its record written.
      trail.close();
    }
    // Timers outlive the drain: a forming batch may still be waiting for its wake-up.
    catalog.close();
    loadPool.shutdown();
    timers.shutdownNow();
    executionPool.shutdown();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
