package io.medulla.cli;

import io.medulla.inference.TenantId;
import io.medulla.protocol.TenantHeader;
import io.medulla.repository.ModelControlMode;
import io.medulla.security.OidcSettings;
import io.medulla.server.AuditSettings;
import io.medulla.server.AuthenticationSettings;
import io.medulla.server.AutoscalingSettings;
import io.medulla.server.CacheSettings;
import io.medulla.server.ConnectionLimits;
import io.medulla.server.MedullaServer;
import io.medulla.server.MemoryBudgets;
import io.medulla.server.ServerConfig;
import io.medulla.server.TenantsFile;
import io.medulla.server.TlsSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medulla serve}: serves a model repository until interrupted. Flags follow Triton's. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serves the models of a Triton-style model repository over REST and gRPC.")
final class ServeCommand implements Callable<Integer> {
  private static final ServerConfig DEFAULTS = ServerConfig.defaults(Path.of("."));

  @SuppressWarnings("NullAway.Init") // picocli injects it before call()
  @Spec
  CommandSpec spec;

  @Option(
      names = "--model-repository",
      required = true,
      description =
          "The model repository: <repo>/<model>/config.pbtxt and <model>/<version>/model.onnx.")
  Path modelRepository = Path.of(".");

  @Option(names = "--address", description = "Bind address (default: ${DEFAULT-VALUE}).")
  String address = ServerConfig.DEFAULT_ADDRESS;

  @Option(names = "--http-port", description = "REST port (default: ${DEFAULT-VALUE}).")
  int httpPort = DEFAULTS.httpPort();

  @Option(names = "--grpc-port", description = "gRPC port (default: ${DEFAULT-VALUE}).")
  int grpcPort = DEFAULTS.grpcPort();

  @Option(
      names = "--metrics-port",
      description = "Prometheus metrics port (default: ${DEFAULT-VALUE}).")
  int metricsPort = DEFAULTS.metricsPort();

  @Option(
      names = "--model-control-mode",
      description =
          "none, poll, explicit or on_demand (load on first request) (default:"
              + " ${DEFAULT-VALUE}).",
      converter = ModelControlModeConverter.class)
  ModelControlMode modelControlMode = ModelControlMode.NONE;

  @Option(
      names = "--load-model",
      description =
          "A model to load at start in explicit or on_demand mode; repeatable; '*' loads all.")
  List<String> loadModels = new ArrayList<>();

  @Option(
      names = "--repository-poll-secs",
      description = "Seconds between repository scans in poll mode (default: ${DEFAULT-VALUE}).")
  int repositoryPollSecs = DEFAULTS.repositoryPollSecs();

  @Option(
      names = "--strict-model-config",
      arity = "0..1",
      fallbackValue = "true",
      description = "Never complete a model's config from its file (default: ${DEFAULT-VALUE}).")
  boolean strictModelConfig = DEFAULTS.strictModelConfig();

  @Option(
      names = "--onnx-intra-op-threads",
      description = "ONNX Runtime intra-op threads per instance (default: ${DEFAULT-VALUE}).")
  int intraOpThreads = DEFAULTS.intraOpThreads();

  @Option(
      names = "--onnx-inter-op-threads",
      description = "ONNX Runtime inter-op threads per instance (default: ${DEFAULT-VALUE}).")
  int interOpThreads = DEFAULTS.interOpThreads();

  @Option(
      names = "--onnx-execution-provider",
      split = ",",
      description =
          "ONNX Runtime execution providers in order: cpu, cuda, tensorrt (default: cpu).")
  List<String> executionProviders = new ArrayList<>(DEFAULTS.executionProviders());

  @Option(
      names = "--execution-threads",
      description = "Threads that run model instances (default: ${DEFAULT-VALUE}).")
  int executionThreads = DEFAULTS.executionThreads();

  @Option(
      names = "--max-request-bytes",
      description = "Largest request body accepted, in bytes (default: ${DEFAULT-VALUE}).")
  long maxRequestBytes = DEFAULTS.maxRequestBytes();

  @Option(
      names = "--allow-insecure-remote",
      description =
          "Allow a non-loopback --address without TLS or authentication, for a trusted proxy in"
              + " front that provides both. Dangerous: warned at start and marked on health"
              + " responses (x-medulla-insecure: true).")
  boolean allowInsecureRemote;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description =
          "Certificate chain (PEM: server certificate first, then intermediates) for TLS on the"
              + " REST, gRPC and metrics listeners. Needs --tls-key.")
  @Nullable Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "The server's unencrypted PKCS#8 private key (RSA or EC) in PEM.")
  @Nullable Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "PEM",
      description = "Certificates of the authorities that sign client certificates (mTLS).")
  @Nullable Path tlsClientCa;

  @Option(
      names = "--tls-client-auth",
      paramLabel = "MODE",
      description =
          "none, optional or require: whether a client certificate is asked for (default:"
              + " optional with --tls-client-ca, none without).")
  @Nullable String tlsClientAuth;

  @Option(
      names = "--tls-reload-secs",
      description =
          "Seconds between checks of the TLS files for a rotated certificate (default:"
              + " ${DEFAULT-VALUE}).")
  long tlsReloadSecs = TlsSettings.DEFAULT_RELOAD_INTERVAL.toSeconds();

  @Option(
      names = "--idle-timeout-secs",
      description =
          "Seconds a connection may stay open with no request in flight (default:"
              + " ${DEFAULT-VALUE}).")
  long idleTimeoutSecs = DEFAULTS.connectionLimits().idleTimeout().toSeconds();

  @Option(
      names = "--max-header-bytes",
      description =
          "Largest request header block (HTTP/1.1 headers, HTTP/2 header list), in bytes"
              + " (default: ${DEFAULT-VALUE}).")
  int maxHeaderBytes = DEFAULTS.connectionLimits().maxHeaderBytes();

  @Option(
      names = "--max-concurrent-streams",
      description =
          "HTTP/2 streams (gRPC calls) open at once per connection (default: ${DEFAULT-VALUE}).")
  int maxConcurrentStreams = DEFAULTS.connectionLimits().maxConcurrentStreams();

  @Option(
      names = "--max-connections",
      description = "Connections open at once per listener; 0 for no limit (default: 0).")
  int maxConnections = DEFAULTS.connectionLimits().maxConnections();

  @Option(
      names = "--shutdown-grace-secs",
      description =
          "Seconds in-flight requests may take to finish at shutdown (default: ${DEFAULT-VALUE}).")
  long shutdownGraceSecs = DEFAULTS.shutdownGrace().toSeconds();

  @Option(
      names = "--tenants",
      paramLabel = "FILE",
      description =
          "YAML file of tenants' fair-share weights and limits (docs/TENANTS.md). Without it every"
              + " tenant has weight 1 and no limits.")
  @Nullable Path tenants;

  @Option(
      names = "--api-keys",
      paramLabel = "FILE",
      description =
          "Accept the API keys in FILE (created with 'medulla keys create'; revocations take effect"
              + " within seconds). Keys belong to principals declared in --tenants.")
  @Nullable Path apiKeys;

  @Option(
      names = "--oidc-issuer",
      paramLabel = "URL",
      description =
          "Accept bearer JWTs from this OIDC issuer (exact 'iss'). Needs --oidc-audience"
              + " and --oidc-jwks.")
  @Nullable String oidcIssuer;

  @Option(
      names = "--oidc-audience",
      paramLabel = "NAME",
      description = "The audience ('aud') tokens must be issued for.")
  @Nullable String oidcAudience;

  @Option(
      names = "--oidc-jwks",
      paramLabel = "FILE|URL",
      description =
          "The issuer's public keys: a JWK set file, or an https URL fetched in the"
              + " background every 5 minutes.")
  @Nullable String oidcJwks;

  @Option(
      names = "--oidc-tenant-claim",
      paramLabel = "CLAIM",
      description = "The claim naming the caller's tenant (default: ${DEFAULT-VALUE}).")
  String oidcTenantClaim = OidcSettings.DEFAULT_TENANT_CLAIM;

  @Option(
      names = "--oidc-roles-claim",
      paramLabel = "CLAIM",
      description = "The claim listing the caller's roles (default: ${DEFAULT-VALUE}).")
  String oidcRolesClaim = OidcSettings.DEFAULT_ROLES_CLAIM;

  @Option(
      names = "--oidc-principal-claim",
      paramLabel = "CLAIM",
      description = "The claim naming the principal (default: ${DEFAULT-VALUE}).")
  String oidcPrincipalClaim = OidcSettings.DEFAULT_PRINCIPAL_CLAIM;

  @Option(
      names = "--auth-failure-burst",
      paramLabel = "N",
      description =
          "Failed authentications a client address may make before 429 (one forgiven every 6 s;"
              + " default: ${DEFAULT-VALUE}). Raise it behind a proxy, where clients share an"
              + " address.")
  int authFailureBurst = AuthenticationSettings.DEFAULT_FAILURE_BURST;

  @Option(
      names = "--anonymous-loopback-tenant",
      paramLabel = "TENANT",
      description =
          "For local trials: requests without credentials from this machine act as TENANT's"
              + " anonymous principal (roles inference and operator). Never applies to remote"
              + " peers. Warned at start.")
  @Nullable String anonymousLoopbackTenant;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the default audit store, signing key and digest secret live (default:"
              + " ${DEFAULT-VALUE}).")
  Path dataDir = AuditSettings.DEFAULT_DATA_DIR;

  @Option(
      names = "--audit-store",
      paramLabel = "URL",
      description =
          "The audit store: jdbc:sqlite:FILE or jdbc:postgresql://... (default:"
              + " jdbc:sqlite:<data-dir>/audit.db).")
  @Nullable String auditStore;

  @Option(
      names = "--audit-signing-key",
      paramLabel = "FILE",
      description =
          "Ed25519 key that signs audit checkpoints; created if absent (default:"
              + " <data-dir>/audit-signing-key.pem; its public key beside it, .pub).")
  @Nullable Path auditSigningKey;

  @Option(
      names = "--audit-secret",
      paramLabel = "FILE",
      description =
          "Secret of the keyed input and output digests; created if absent (default:"
              + " <data-dir>/audit-secret).")
  @Nullable Path auditSecret;

  @Option(
      names = "--audit-fail-open",
      description =
          "When the audit store cannot be written, answer anyway WITHOUT a durable record."
              + " Default: fail closed (503). Loudly warned.")
  boolean auditFailOpen;

  @Option(
      names = "--audit-checkpoint-every",
      paramLabel = "N",
      description = "Audit records between signed checkpoints (default: ${DEFAULT-VALUE}).")
  int auditCheckpointEvery = AuditSettings.DEFAULT_CHECKPOINT_EVERY;

  @Option(
      names = "--audit-retention-days",
      paramLabel = "DAYS",
      description =
          "How long audit records are kept; pruned daily (default: ${DEFAULT-VALUE}, six years).")
  int auditRetentionDays = AuditSettings.DEFAULT_RETENTION_DAYS;

  @Option(
      names = "--node-id",
      paramLabel = "ID",
      description = "This node's audit chain (default: derived from the host name, or node-1).")
  @Nullable String nodeId;

  @Option(
      names = "--memory-budget",
      paramLabel = "[DEVICE=]SIZE",
      description =
          "Memory that loaded models may hold on a device (host, gpu0, ...; default host), as"
              + " 8GiB or 512MiB; loading beyond it evicts the least recently used idle models;"
              + " repeatable. Default: unlimited.")
  List<String> memoryBudgets = new ArrayList<>();

  @Option(
      names = "--pin-model",
      paramLabel = "NAME",
      description =
          "A model loaded at start and never evicted (besides those whose config sets"
              + " medulla.pinned); repeatable.")
  List<String> pinnedModels = new ArrayList<>();

  @Option(
      names = "--prewarm-schedule",
      paramLabel = "FILE",
      description =
          "A schedule of models and graphs to have loaded and warm at given times (cron, time"
              + " zone, keep_for); see docs/CACHE.md. Default: none.")
  @Nullable Path prewarmSchedule;

  @Option(
      names = "--no-predictive-prewarm",
      description = "Do not load models that usage history expects in the next hour. Default: on.")
  boolean noPredictivePrewarm;

  @Option(
      names = "--usage-time-zone",
      paramLabel = "ZONE",
      description =
          "The time zone whose hours of the week usage history counts in (default: this"
              + " machine's, ${DEFAULT-VALUE}).")
  String usageTimeZone = ZoneId.systemDefault().getId();

  @Option(
      names = "--replicas",
      paramLabel = "N",
      description =
          "This deployment's replica count, as its orchestrator sets it; the autoscaling signal"
              + " (medulla_autoscaling_desired_replicas, docs/AUTOSCALING.md) scales it (default:"
              + " ${DEFAULT-VALUE}).")
  int replicas = DEFAULTS.autoscaling().replicas();

  @Option(
      names = "--autoscale-min-replicas",
      paramLabel = "N",
      description =
          "The fewest replicas the autoscaling signal asks for (default: ${DEFAULT-VALUE}).")
  int autoscaleMinReplicas = DEFAULTS.autoscaling().policy().minReplicas();

  @Option(
      names = "--autoscale-max-replicas",
      paramLabel = "N",
      description =
          "The most replicas the autoscaling signal asks for (default: ${DEFAULT-VALUE}).")
  int autoscaleMaxReplicas = DEFAULTS.autoscaling().policy().maxReplicas();

  @Option(
      names = "--slo-queue-delay",
      paramLabel = "CLASS=DURATION",
      description =
          "The p95 queue delay a priority class should see, as stat=50ms (units ms, s, m);"
              + " repeatable. Defaults: stat=50ms, urgent=200ms, routine=2s; bulk has none.")
  List<String> sloQueueDelays = new ArrayList<>();

  @Option(
      names = "--no-audit",
      description =
          "Write no audit trail. FOR BENCHMARKS ONLY: never for clinical use. Loudly warned.")
  boolean noAudit;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isDirectory(modelRepository)) {
      err()
          .println(
              "medulla serve: --model-repository "
                  + modelRepository
                  + " is not a folder. Point it at a Triton-style model repository, for example"
                  + " examples/models.");
      err().flush();
      return 2;
    }
    ServerConfig config;
    try {
      config =
          ServerConfig.builder(modelRepository)
              .address(address)
              .ports(httpPort, grpcPort, metricsPort)
              .modelControl(modelControlMode, loadModels)
              .repositoryPollSecs(repositoryPollSecs)
              .strictModelConfig(strictModelConfig)
              .onnxThreads(intraOpThreads, interOpThreads)
              .executionProviders(executionProviders)
              .executionThreads(executionThreads)
              .maxRequestBytes(maxRequestBytes)
              .allowInsecureRemote(allowInsecureRemote)
              .tls(tls())
              .connectionLimits(
                  new ConnectionLimits(
                      Duration.ofSeconds(idleTimeoutSecs),
                      maxHeaderBytes,
                      maxConcurrentStreams,
                      maxConnections))
              .shutdownGrace(Duration.ofSeconds(shutdownGraceSecs))
              .tenants(tenants == null ? TenantsFile.none() : TenantsFile.load(tenants))
              .authentication(authentication())
              .audit(audit())
              .cache(cache())
              .autoscaling(
                  AutoscalingSettings.fromFlags(
                      replicas, autoscaleMinReplicas, autoscaleMaxReplicas, sloQueueDelays))
              .build();
    } catch (IllegalArgumentException e) {
      // Refuse to start on any bad setting, including every problem in the tenants file.
      err().println("medulla serve: " + e.getMessage());
      err().flush();
      return 2;
    }
    MedullaServer server;
    try {
      server = MedullaServer.start(config);
    } catch (IllegalArgumentException e) {
      // A setting that can only be checked against the repository, as a schedule's model names.
      err().println("medulla serve: " + e.getMessage());
      err().flush();
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("medulla: shutting down; finishing in-flight requests...");
                  server.close();
                  stopped.countDown();
                },
                "medulla-shutdown"));
    System.out.print(server.summary());
    System.out.flush();
    stopped.await();
    return 0;
  }

  private AuditSettings audit() {
    AuditSettings d = AuditSettings.inDirectory(dataDir);
    AuditSettings a =
        new AuditSettings(
            !noAudit,
            dataDir,
            auditStore == null ? d.storeUrl() : auditStore,
            auditSigningKey == null ? d.signingKey() : auditSigningKey,
            auditSecret == null ? d.secret() : auditSecret,
            auditFailOpen,
            auditCheckpointEvery,
            nodeId == null ? AuditSettings.hostNodeId() : nodeId,
            auditRetentionDays);
    if (noAudit && auditFailOpen) {
      throw new IllegalArgumentException("--no-audit and --audit-fail-open: give one at most");
    }
    return a;
  }

  private CacheSettings cache() {
    ZoneId zone;
    try {
      zone = ZoneId.of(usageTimeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "--usage-time-zone: "
              + usageTimeZone
              + " is not a time zone (expected: as Europe/Berlin)");
    }
    if (prewarmSchedule != null && !Files.isRegularFile(prewarmSchedule)) {
      throw new IllegalArgumentException(
          "--prewarm-schedule: " + prewarmSchedule + " is not a readable file");
    }
    return new CacheSettings(
        MemoryBudgets.parse(memoryBudgets),
        new LinkedHashSet<>(pinnedModels),
        prewarmSchedule,
        !noPredictivePrewarm,
        zone);
  }

  private AuthenticationSettings authentication() {
    @Nullable TenantId anonymous = null;
    if (anonymousLoopbackTenant != null) {
      if (!TenantHeader.isWellFormed(anonymousLoopbackTenant)) {
        throw new IllegalArgumentException(
            "--anonymous-loopback-tenant: expected 1 to 64 letters, digits, '.', '_' or '-'");
      }
      anonymous = new TenantId(anonymousLoopbackTenant);
    }
    return new AuthenticationSettings(apiKeys, oidc(), anonymous, authFailureBurst);
  }

  private @Nullable OidcSettings oidc() {
    if (oidcIssuer == null && oidcAudience == null && oidcJwks == null) {
      return null;
    }
    if (oidcIssuer == null || oidcAudience == null || oidcJwks == null) {
      throw new IllegalArgumentException(
          "--oidc-issuer, --oidc-audience and --oidc-jwks go together: give all three");
    }
    OidcSettings.Builder b =
        oidcJwks.startsWith("https://")
            ? OidcSettings.builder(oidcIssuer, oidcAudience, URI.create(oidcJwks))
            : OidcSettings.builder(oidcIssuer, oidcAudience, Path.of(oidcJwks));
    return b.tenantClaim(oidcTenantClaim)
        .rolesClaim(oidcRolesClaim)
        .principalClaim(oidcPrincipalClaim)
        .build();
  }

  private @Nullable TlsSettings tls() {
    if (tlsCert == null && tlsKey == null) {
      if (tlsClientCa != null || tlsClientAuth != null) {
        throw new IllegalArgumentException(
            "--tls-client-ca and --tls-client-auth need --tls-cert and --tls-key");
      }
      return null;
    }
    if (tlsCert == null || tlsKey == null) {
      throw new IllegalArgumentException(
          "--tls-cert and --tls-key go together: give the certificate chain and its private key");
    }
    TlsSettings.ClientAuth clientAuth;
    if (tlsClientAuth == null) {
      clientAuth =
          tlsClientCa == null ? TlsSettings.ClientAuth.NONE : TlsSettings.ClientAuth.OPTIONAL;
    } else {
      try {
        clientAuth = TlsSettings.ClientAuth.valueOf(tlsClientAuth.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--tls-client-auth: " + tlsClientAuth + " (expected: none, optional or require)");
      }
    }
    return new TlsSettings(
        tlsCert, tlsKey, tlsClientCa, clientAuth, Duration.ofSeconds(tlsReloadSecs));
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
