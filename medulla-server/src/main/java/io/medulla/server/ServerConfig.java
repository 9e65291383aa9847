package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.repository.ModelControlMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of a running server, read in exactly one place (the command line) and handed to the
 * composition root. Names match the flags, which match Triton's where Triton has one.
 *
 * @param modelRepository {@code --model-repository}: the Triton-style model repository
 * @param address {@code --address}: the bind address (default 127.0.0.1)
 * @param httpPort {@code --http-port}: REST (default 8000; 0 picks a free port)
 * @param grpcPort {@code --grpc-port}: gRPC (default 8001; 0 picks a free port)
 * @param metricsPort {@code --metrics-port}: Prometheus metrics (default 8002; 0 picks a free port)
 * @param modelControlMode {@code --model-control-mode}: none, poll or explicit
 * @param loadModels {@code --load-model}: models to load at start in explicit mode ("*" for all)
 * @param repositoryPollSecs {@code --repository-poll-secs}: poll interval in poll mode
 * @param strictModelConfig {@code --strict-model-config}: never complete configs from model files
 * @param intraOpThreads {@code --onnx-intra-op-threads}: ONNX Runtime threads per model instance
 * @param interOpThreads {@code --onnx-inter-op-threads}: ONNX Runtime inter-op threads
 * @param executionProviders {@code --onnx-execution-provider}: ONNX Runtime providers, in order
 * @param executionThreads {@code --execution-threads}: threads that run model instances
 * @param maxRequestBytes {@code --max-request-bytes}: the largest request body accepted
 * @param allowInsecureRemote {@code --allow-insecure-remote}: bind a non-loopback address without
 *     TLS and authentication (which do not exist yet); loudly warned
 * @param shutdownGrace {@code --shutdown-grace-secs}: how long in-flight work may take to finish
 * @param tenants {@code --tenants}: tenants' weights and limits (without the flag, every tenant has
 *     weight 1 and no limits)
 * @param trustTenantHeader {@code --trust-tenant-header}: take the tenant from the {@code
 *     x-medulla-tenant} header or gRPC metadata; a test-only hook that the security issue replaces,
 *     loudly warned
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
    boolean trustTenantHeader) {
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
    if (!loadModels.isEmpty() && modelControlMode != ModelControlMode.EXPLICIT) {
      throw new IllegalArgumentException(
          "--load-model is only used with --model-control-mode=explicit (got: "
              + modelControlMode.name().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
    if (!isLoopback(address) && !allowInsecureRemote) {
      throw new IllegalArgumentException(
          "--address "
              + address
              + " is not a loopback address, and this server has no TLS or authentication"
              + " configured: patient data would travel in clear to anyone who can connect."
              + " Bind 127.0.0.1, or pass --allow-insecure-remote if a trusted proxy in front"
              + " provides both.");
    }
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

  /** Returns a copy with a tenants file and the test-only tenant-header switch. */
  public ServerConfig withTenants(TenantsFile tenants, boolean trustTenantHeader) {
    return toBuilder().tenants(tenants, trustTenantHeader).build();
  }

  /** Returns whether the bind address is a loopback address, where insecure defaults are safe. */
  public boolean isLoopbackOnly() {
    return isLoopback(address);
  }

  /** Returns the default number of execution threads: two per core, at least four. */
  public static int defaultExecutionThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--address " + address + ": unknown host", e);
    }
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
