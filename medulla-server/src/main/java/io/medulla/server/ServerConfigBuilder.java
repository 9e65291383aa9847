package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.repository.ModelControlMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ServerConfig}; every setter documents its default, and {@link #build()} checks
 * the rules that span fields.
 */
public final class ServerConfigBuilder {
  private Path modelRepository;
  private String address = ServerConfig.DEFAULT_ADDRESS;
  private int httpPort = 8000;
  private int grpcPort = 8001;
  private int metricsPort = 8002;
  private ModelControlMode modelControlMode = ModelControlMode.NONE;
  private List<String> loadModels = List.of();
  private int repositoryPollSecs = 15;
  private boolean strictModelConfig;
  private int intraOpThreads = 1;
  private int interOpThreads = 1;
  private List<String> executionProviders = List.of("cpu");
  private int executionThreads = ServerConfig.defaultExecutionThreads();
  private long maxRequestBytes = 64L * 1024 * 1024;
  private boolean allowInsecureRemote;
  private Duration shutdownGrace = Duration.ofSeconds(30);
  private TenantsFile tenants = TenantsFile.none();
  private AuthenticationSettings authentication = AuthenticationSettings.none();
  private @Nullable TlsSettings tls;
  private ConnectionLimits connectionLimits = ConnectionLimits.defaults();
  private AuditSettings audit = AuditSettings.defaults();
  private CacheSettings cache = CacheSettings.defaults();
  private AutoscalingSettings autoscaling = AutoscalingSettings.defaults();

  ServerConfigBuilder(Path modelRepository) {
    this.modelRepository = requireNonNull(modelRepository, "modelRepository");
  }

  ServerConfigBuilder(ServerConfig c) {
    this(c.modelRepository());
    address = c.address();
    httpPort = c.httpPort();
    grpcPort = c.grpcPort();
    metricsPort = c.metricsPort();
    modelControlMode = c.modelControlMode();
    loadModels = c.loadModels();
    repositoryPollSecs = c.repositoryPollSecs();
    strictModelConfig = c.strictModelConfig();
    intraOpThreads = c.intraOpThreads();
    interOpThreads = c.interOpThreads();
    executionProviders = c.executionProviders();
    executionThreads = c.executionThreads();
    maxRequestBytes = c.maxRequestBytes();
    allowInsecureRemote = c.allowInsecureRemote();
    shutdownGrace = c.shutdownGrace();
    tenants = c.tenants();
    authentication = c.authentication();
    tls = c.tls();
    connectionLimits = c.connectionLimits();
    audit = c.audit();
    cache = c.cache();
    autoscaling = c.autoscaling();
  }

  /** Sets the bind address; default 127.0.0.1. */
  public ServerConfigBuilder address(String address) {
    this.address = address;
    return this;
  }

  /** Sets the REST, gRPC and metrics ports; default 8000, 8001, 8002 (0 picks a free port). */
  public ServerConfigBuilder ports(int http, int grpc, int metrics) {
    this.httpPort = http;
    this.grpcPort = grpc;
    this.metricsPort = metrics;
    return this;
  }

  /** Sets the model control mode and the models to load at start; default none, none. */
  public ServerConfigBuilder modelControl(ModelControlMode mode, List<String> models) {
    this.modelControlMode = mode;
    this.loadModels = models;
    return this;
  }

  /** Sets the poll interval of poll mode, in seconds; default 15. */
  public ServerConfigBuilder repositoryPollSecs(int secs) {
    this.repositoryPollSecs = secs;
    return this;
  }

  /** Sets whether configs are never completed from model files; default false. */
  public ServerConfigBuilder strictModelConfig(boolean strict) {
    this.strictModelConfig = strict;
    return this;
  }

  /** Sets ONNX Runtime's intra- and inter-op threads per instance; default 1 and 1. */
  public ServerConfigBuilder onnxThreads(int intraOp, int interOp) {
    this.intraOpThreads = intraOp;
    this.interOpThreads = interOp;
    return this;
  }

  /** Sets ONNX Runtime's execution providers, in order; default cpu. */
  public ServerConfigBuilder executionProviders(List<String> providers) {
    this.executionProviders = providers;
    return this;
  }

  /** Sets the threads that run model instances; default two per core, at least four. */
  public ServerConfigBuilder executionThreads(int threads) {
    this.executionThreads = threads;
    return this;
  }

  /** Sets the largest request body, in bytes; default 64 MiB. */
  public ServerConfigBuilder maxRequestBytes(long bytes) {
    this.maxRequestBytes = bytes;
    return this;
  }

  /** Sets whether a non-loopback address may be bound without TLS or auth; default false. */
  public ServerConfigBuilder allowInsecureRemote(boolean allow) {
    this.allowInsecureRemote = allow;
    return this;
  }

  /** Sets how long in-flight work may take at shutdown; default 30 s. */
  public ServerConfigBuilder shutdownGrace(Duration grace) {
    this.shutdownGrace = grace;
    return this;
  }

  /** Sets the tenants, their principals and entitlements; default {@link TenantsFile#none()}. */
  public ServerConfigBuilder tenants(TenantsFile tenants) {
    this.tenants = tenants;
    return this;
  }

  /**
   * Sets which credentials are accepted; default {@link AuthenticationSettings#none()}: every
   * request but the health probes gets 401.
   */
  public ServerConfigBuilder authentication(AuthenticationSettings authentication) {
    this.authentication = authentication;
    return this;
  }

  /** Sets TLS for every listener; default null, cleartext (refused on a non-loopback address). */
  public ServerConfigBuilder tls(@Nullable TlsSettings tls) {
    this.tls = tls;
    return this;
  }

  /**
   * Sets the per-connection limits of every listener; default {@link ConnectionLimits#defaults}.
   */
  public ServerConfigBuilder connectionLimits(ConnectionLimits limits) {
    this.connectionLimits = limits;
    return this;
  }

  /**
   * Sets the audit trail's settings; default {@link AuditSettings#defaults()}: SQLite, key and
   * secret in {@code ./medulla-data}.
   */
  public ServerConfigBuilder audit(AuditSettings settings) {
    this.audit = settings;
    return this;
  }

  /** Sets the model cache and pre-warm settings; default {@link CacheSettings#defaults()}. */
  public ServerConfigBuilder cache(CacheSettings settings) {
    this.cache = settings;
    return this;
  }

  /** Sets the autoscaling signal's settings; default {@link AutoscalingSettings#defaults()}. */
  public ServerConfigBuilder autoscaling(AutoscalingSettings settings) {
    this.autoscaling = settings;
    return this;
  }

  /** Returns the configuration; validates every field and the rules that span fields. */
  public ServerConfig build() {
    return new ServerConfig(
        modelRepository,
        address,
        httpPort,
        grpcPort,
        metricsPort,
        modelControlMode,
        loadModels,
        repositoryPollSecs,
        strictModelConfig,
        intraOpThreads,
        interOpThreads,
        executionProviders,
        executionThreads,
        maxRequestBytes,
        allowInsecureRemote,
        shutdownGrace,
        tenants,
        authentication,
        tls,
        connectionLimits,
        audit,
        cache,
        autoscaling);
  }
}
