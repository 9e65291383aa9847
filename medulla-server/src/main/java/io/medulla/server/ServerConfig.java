package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.repository.ModelControlMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of a running server, read in exactly one place (the command line) and handed to the
 * composition root. Names match the flags, which match Triton's where Triton has one.
 *
 * @param modelRepository {@code --model-repository}: the Triton-style model repository
 * @param address {@code --address}: the bind address (default 127.0.0.1)
 * @param httpPort {@code --http-port}: REST (default 8000; 0 picks a free port)
 * @param grpcPort {@code --grpc-port}: gRPC (default 8001; 0 picks a free port)
 * @param metricsPort {@code --metrics-port}: Prometheus metrics (default 8002; 0 picks a free port)
 * @param modelControlMode {@code --model-control-mode}: none, poll, explicit or on_demand
 * @param loadModels {@code --load-model}: models to load at start in explicit or on_demand mode
 *     ("*" for all)
 * @param repositoryPollSecs {@code --repository-poll-secs}: poll interval in poll mode
 * @param strictModelConfig {@code --strict-model-config}: never complete configs from model files
 * @param intraOpThreads {@code --onnx-intra-op-threads}: ONNX Runtime threads per model instance
 * @param interOpThreads {@code --onnx-inter-op-threads}: ONNX Runtime inter-op threads
 * @param executionProviders {@code --onnx-execution-provider}: ONNX Runtime providers, in order
 * @param executionThreads {@code --execution-threads}: threads that run model instances
 * @param maxRequestBytes {@code --max-request-bytes}: the largest request body accepted
 * @param allowInsecureRemote {@code --allow-insecure-remote}: bind a non-loopback address without
 *     TLS or authentication (for a trusted proxy in front that provides both); loudly warned, and
 *     health responses carry {@code x-medulla-insecure: true}
 * @param shutdownGrace {@code --shutdown-grace-secs}: how long in-flight work may take to finish
 * @param tenants {@code --tenants}: tenants' weights and limits (without the flag, every tenant has
 *     weight 1 and no limits)
 * @param authentication {@code --api-keys}, {@code --oidc-*}, {@code --anonymous-loopback-tenant}:
 *     which credentials prove the principals of the tenants file
 * @param tls {@code --tls-cert}, {@code --tls-key}, {@code --tls-client-ca}, {@code
 *     --tls-client-auth}, {@code --tls-reload-secs}: TLS on every listener; null for cleartext
 * @param connectionLimits {@code --idle-timeout-secs}, {@code --max-header-bytes}, {@code
 *     --max-concurrent-streams}, {@code --max-connections}: per-connection limits on every listener
 * @param audit {@code --data-dir}, {@code --audit-*}, {@code --node-id}, {@code --no-audit}: the
 *     audit trail
 * @param cache {@code --memory-budget}, {@code --pin-model}, {@code --prewarm-schedule}, {@code
 *     --no-predictive-prewarm}, {@code --usage-time-zone}: the model cache and pre-warm
 * @param autoscaling {@code --replicas}, {@code --autoscale-*}, {@code --slo-queue-delay}: the
 *     autoscaling signal on /metrics
 */
public record ServerConfig(
    Path modelRepository,
    String address,
    int httpPort,
    int grpcPort,
    int metricsPort,
    ModelControlMode modelControlMode,
    List<String> loadModels,
    int repositoryPollSecs,
    boolean strictModelConfig,
    int intraOpThreads,
    int interOpThreads,
    List<String> executionProviders,
    int executionThreads,
    long maxRequestBytes,
    boolean allowInsecureRemote,
    Duration shutdownGrace,
    TenantsFile tenants,
    AuthenticationSettings authentication,
    @Nullable TlsSettings tls,
    ConnectionLimits connectionLimits,
    AuditSettings audit,
    CacheSettings cache,
    AutoscalingSettings autoscaling) {
  /** The default bind address: loopback only. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1";

  /** Creates a configuration; validates every field and the rules that span fields. */
  public ServerConfig {
    requireNonNull(modelRepository, "modelRepository");
    requireNonNull(address, "address");
    checkPort("--http-port", httpPort);
    checkPort("--grpc-port", grpcPort);
    checkPort("--metrics-port", metricsPort);
    requireNonNull(modelControlMode, "modelControlMode");
    loadModels = List.copyOf(loadModels);
    checkPositive("--repository-poll-secs", repositoryPollSecs);
    checkPositive("--onnx-intra-op-threads", intraOpThreads);
    checkPositive("--onnx-inter-op-threads", interOpThreads);
    executionProviders = List.copyOf(executionProviders);
    checkPositive("--execution-threads", executionThreads);
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException(
          "--max-request-bytes: " + maxRequestBytes + " (expected: > 0)");
    }
    requireNonNull(shutdownGrace, "shutdownGrace");
    requireNonNull(tenants, "tenants");
    if (!loadModels.isEmpty()
        && modelControlMode != ModelControlMode.EXPLICIT
        && modelControlMode != ModelControlMode.ON_DEMAND) {
      throw new IllegalArgumentException(
          "--load-model is only used with --model-control-mode=explicit or on_demand (got: "
              + modelControlMode.name().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
    requireNonNull(connectionLimits, "connectionLimits");
    requireNonNull(audit, "audit");
    requireNonNull(cache, "cache");
    requireNonNull(autoscaling, "autoscaling");
    requireNonNull(authentication, "authentication");
    TransportPolicy.checkTransportSecurity(
        address, tls, authentication.authenticatesRemoteCallers(tls, tenants), allowInsecureRemote);
  }

  /** Returns a builder with every default, serving {@code modelRepository}. */
  public static ServerConfigBuilder builder(Path modelRepository) {
    return new ServerConfigBuilder(modelRepository);
  }

  /** Returns a builder that starts from this configuration. */
  public ServerConfigBuilder toBuilder() {
    return new ServerConfigBuilder(this);
  }

  /** Returns a configuration with every default, serving {@code modelRepository}. */
  public static ServerConfig defaults(Path modelRepository) {
    return builder(modelRepository).build();
  }

  /** Returns a copy listening on free ports chosen by the system (for tests). */
  public ServerConfig withEphemeralPorts() {
    return toBuilder().ports(0, 0, 0).build();
  }

  /** Returns a copy with another model control mode and initial models. */
  public ServerConfig withModelControl(ModelControlMode mode, List<String> models) {
    return toBuilder().modelControl(mode, models).build();
  }

  /** Returns a copy with a tenants file. */
  public ServerConfig withTenants(TenantsFile tenants) {
    return toBuilder().tenants(tenants).build();
  }

  /** Returns whether the bind address is a loopback address, where insecure defaults are safe. */
  public boolean isLoopbackOnly() {
    return TransportPolicy.isLoopback(address);
  }

  /**
   * Returns whether other hosts can reach this server without TLS or without authentication, which
   * only {@code --allow-insecure-remote} permits.
   */
  public boolean isInsecureRemote() {
    return TransportPolicy.isInsecure(
        address, tls, authentication.authenticatesRemoteCallers(tls, tenants));
  }

  /** Returns whether the listeners speak TLS. */
  public boolean hasTls() {
    return tls != null;
  }

  /** Returns the default number of execution threads: two per core, at least four. */
  public static int defaultExecutionThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  private static void checkPort(String flag, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(flag + ": " + port + " (expected: 0 to 65535)");
    }
  }

  private static void checkPositive(String flag, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(flag + ": " + value + " (expected: > 0)");
    }
  }
}
