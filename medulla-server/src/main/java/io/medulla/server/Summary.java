package io.medulla.server;

import io.medulla.inference.TenantId;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.tenancy.TenantPolicy;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Writes the short, human-readable report a person sees when the server starts. */
final class Summary {
  private Summary() {}

  static String render(
      String version,
      ServerConfig config,
      String host,
      int httpPort,
      int grpcPort,
      int metricsPort,
      List<ModelVersionStatus> models) {
    StringBuilder s = new StringBuilder();
    s.append("Medulla ")
        .append(version)
        .append(" is serving the model repository ")
        .append(config.modelRepository())
        .append(" (model control mode: ")
        .append(config.modelControlMode().name().toLowerCase(java.util.Locale.ROOT))
        .append(")\n");
    String scheme = config.hasTls() ? "https://" : "http://";
    s.append("  REST     ")
        .append(scheme)
        .append(host)
        .append(':')
        .append(httpPort)
        .append("/v2\n");
    s.append("  gRPC     ")
        .append(host)
        .append(':')
        .append(grpcPort)
        .append("  (inference.GRPCInferenceService, ")
        .append(config.hasTls() ? "TLS" : "plaintext")
        .append(")\n");
    s.append("  metrics  ")
        .append(scheme)
        .append(host)
        .append(':')
        .append(metricsPort)
        .append("/metrics\n");
    s.append("  TLS      ").append(tls(config.tls())).append('\n');
    if (config.isInsecureRemote()) {
      s.append("  WARNING  INSECURE: listening on a non-loopback address without TLS or")
          .append(" authentication (--allow-insecure-remote); health responses carry ")
          .append(Transport.INSECURE_HEADER)
          .append(": true\n");
    }
    TenantId anonymous = config.authentication().anonymousLoopbackTenant();
    if (anonymous != null) {
      s.append("  WARNING  --anonymous-loopback-tenant: requests without credentials from this")
          .append(" machine act as tenant '")
          .append(anonymous)
          .append("' (roles inference, operator)\n");
    }
    s.append("  auth     ").append(authentication(config)).append('\n');
    s.append("  audit    ").append(audit(config.audit())).append('\n');
    if (!config.audit().enabled()) {
      s.append("  WARNING  AUDIT DISABLED (--no-audit): no audit trail is written; for benchmarks")
          .append(" only, never for clinical use\n");
    } else if (config.audit().failOpen()) {
      s.append("  WARNING  AUDIT FAIL-OPEN (--audit-fail-open): when the audit store cannot be")
          .append(" written, responses are released WITHOUT a durable audit record\n");
    }
    s.append("  tenants  ").append(tenants(config.tenants())).append('\n');
    s.append("  cache    ").append(cache(config.cache())).append('\n');
    s.append("  models:\n");
    if (models.isEmpty()) {
      s.append("    (none found)\n");
    }
    int width = models.stream().mapToInt(m -> m.name().length()).max().orElse(0);
    for (ModelVersionStatus m : models) {
      s.append("    ")
          .append(pad(m.name(), width))
          .append("  v")
          .append(pad(m.version().isEmpty() ? "-" : m.version(), 3))
          .append("  ")
          .append(m.state().name());
      if (!m.reason().isEmpty()) {
        s.append(" ".repeat(Math.max(1, 13 - m.state().name().length()))).append(m.reason());
      }
      s.append('\n');
    }
    s.append("  logs:    standard error\n");
    s.append(
        config.audit().enabled()
            ? "  data:    the audit trail (keyed digests, never payloads); request payloads are"
                + " never stored\n"
            : "  data:    nothing is written to disk; request payloads are never stored\n");
    return s.toString();
  }

  private static String cache(CacheSettings c) {
    StringBuilder s = new StringBuilder("memory budget ");
    if (c.budget().bytesByDevice().isEmpty()) {
      s.append("unlimited");
    } else {
      List<String> parts = new java.util.ArrayList<>();
      c.budget().bytesByDevice().forEach((device, bytes) -> parts.add(device + " " + mib(bytes)));
      s.append(String.join(", ", parts));
    }
    if (!c.pinned().isEmpty()) {
      s.append("; pinned ").append(String.join(", ", new java.util.TreeSet<>(c.pinned())));
    }
    s.append("; scheduled pre-warm ")
        .append(c.prewarmSchedule() == null ? "off" : "from " + c.prewarmSchedule());
    s.append("; predictive pre-warm ")
        .append(c.predictivePrewarm() ? "on (" + c.timeZone() + ")" : "off");
    return s.toString();
  }

  private static String mib(long bytes) {
    return bytes % (1L << 30) == 0
        ? (bytes >> 30) + " GiB"
        : String.format(java.util.Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
  }

  private static String audit(AuditSettings a) {
    if (!a.enabled()) {
      return "OFF";
    }
    String url = a.storeUrl();
    int query = url.indexOf('?');
    // The query may hold a password: never print it.
    String store = query < 0 ? url : url.substring(0, query);
    return store
        + ", node "
        + a.nodeId()
        + ", checkpoint every "
        + a.checkpointEvery()
        + " records, kept "
        + a.retentionDays()
        + " days, fail "
        + (a.failOpen() ? "OPEN" : "closed");
  }

  private static String tls(@Nullable TlsSettings tls) {
    if (tls == null) {
      return "off (cleartext)";
    }
    return "TLS 1.3/1.2 on every listener, client certificates "
        + tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT)
        + ", files checked for rotation every "
        + tls.reloadInterval().toSeconds()
        + " s";
  }

  private static String authentication(ServerConfig config) {
    AuthenticationSettings a = config.authentication();
    List<String> kinds = new java.util.ArrayList<>();
    if (a.apiKeys() != null) {
      kinds.add("API keys (" + a.apiKeys() + ")");
    }
    if (a.oidc() != null) {
      kinds.add("OIDC tokens from " + a.oidc().issuer());
    }
    TlsSettings tls = config.tls();
    if (tls != null && tls.clientAuth() != TlsSettings.ClientAuth.NONE) {
      kinds.add(
          "client certificates (" + config.tenants().certificateSubjects().size() + " mapped)");
    }
    if (kinds.isEmpty()) {
      return a.anonymousLoopbackTenant() == null
          ? "no credentials configured: every request but health gets 401"
          : "anonymous loopback only";
    }
    return String.join(", ", kinds) + "; " + config.tenants().principals().size() + " principals";
  }

  private static String tenants(TenantsFile tenants) {
    String others = describe(tenants.defaults());
    if (!tenants.isConfigured()) {
      return "no tenants file; every tenant: " + others;
    }
    return tenants.tenants().size() + " named in " + tenants.path() + "; others: " + others;
  }

  private static String describe(TenantPolicy p) {
    StringBuilder s = new StringBuilder("weight ").append(p.weight());
    if (p.maxQueued() == 0 && p.maxInFlight() == 0 && !p.hasRateLimit()) {
      return s.append(", no limits").toString();
    }
    if (p.maxQueued() > 0) {
      s.append(", max_queued ").append(p.maxQueued());
    }
    if (p.maxInFlight() > 0) {
      s.append(", max_in_flight ").append(p.maxInFlight());
    }
    if (p.hasRateLimit()) {
      s.append(", requests_per_second ").append(p.requestsPerSecond());
    }
    return s.toString();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
