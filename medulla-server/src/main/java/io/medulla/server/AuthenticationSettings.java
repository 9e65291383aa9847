package io.medulla.server;

import io.medulla.inference.TenantId;
import io.medulla.security.OidcSettings;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How callers prove who they are. Principals, their tenants and roles come from the tenants file;
 * these settings say which credentials are accepted for them. docs/SECURITY.md describes each.
 *
 * @param apiKeys {@code --api-keys}: the API key file ({@code medulla keys} manages it); null when
 *     API keys are not accepted
 * @param oidc {@code --oidc-*}: the OIDC issuer whose bearer JWTs are accepted; null when none
 * @param anonymousLoopbackTenant {@code --anonymous-loopback-tenant}: the tenant whose anonymous
 *     principal (roles inference and operator) requests without credentials from a loopback address
 *     become; null (the default) when such requests get 401. For local trials only; loudly warned
 * @param failureBurst {@code --auth-failure-burst}: how many failed authentications a client
 *     address may make before it is refused with 429 for a while (one more is forgiven every 6 s);
 *     behind a proxy, every client shares the proxy's address, so raise it there
 */
public record AuthenticationSettings(
    @Nullable Path apiKeys,
    @Nullable OidcSettings oidc,
    @Nullable TenantId anonymousLoopbackTenant,
    int failureBurst) {
  /** The default failure burst. */
  public static final int DEFAULT_FAILURE_BURST = 10;

  /** Creates settings; validates the burst. */
  public AuthenticationSettings {
    if (failureBurst < 1) {
      throw new IllegalArgumentException(
          "--auth-failure-burst: " + failureBurst + " (expected: >= 1)");
    }
  }

  /** Returns settings that accept no credentials at all: every request but health gets 401. */
  public static AuthenticationSettings none() {
    return new AuthenticationSettings(null, null, null, DEFAULT_FAILURE_BURST);
  }

  /** Returns settings that map loopback requests without credentials to {@code tenant}. */
  public static AuthenticationSettings anonymousLoopback(TenantId tenant) {
    return new AuthenticationSettings(null, null, tenant, DEFAULT_FAILURE_BURST);
  }

  /** Returns a copy accepting the API keys of {@code file}. */
  public AuthenticationSettings withApiKeys(Path file) {
    return new AuthenticationSettings(file, oidc, anonymousLoopbackTenant, failureBurst);
  }

  /** Returns a copy accepting tokens of {@code settings}' issuer. */
  public AuthenticationSettings withOidc(OidcSettings settings) {
    return new AuthenticationSettings(apiKeys, settings, anonymousLoopbackTenant, failureBurst);
  }

  /** Returns a copy allowing {@code burst} failed authentications per client address. */
  public AuthenticationSettings withFailureBurst(int burst) {
    return new AuthenticationSettings(apiKeys, oidc, anonymousLoopbackTenant, burst);
  }

  /**
   * Returns whether remote callers must authenticate: a credential kind is configured (client
   * certificates count when the tenants file maps subjects and TLS asks for them), and no caller is
   * let in anonymously from a non-loopback address (which never happens: anonymous access is for
   * loopback peers only).
   */
  boolean authenticatesRemoteCallers(@Nullable TlsSettings tls, TenantsFile tenants) {
    boolean certificates =
        tls != null
            && tls.clientAuth() != TlsSettings.ClientAuth.NONE
            && !tenants.certificateSubjects().isEmpty();
    return apiKeys != null || oidc != null || certificates;
  }
}
