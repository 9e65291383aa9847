package io.medulla.server;

import io.medulla.engine.GuardedEngine;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.StatusCode;
import io.medulla.protocol.AccessEvents;
import io.medulla.protocol.AuthAttempts;
import io.medulla.protocol.CallerAuthentication;
import io.medulla.protocol.CallerScopedEngine;
import io.medulla.protocol.RequestCallers;
import io.medulla.security.ApiKeyAuthenticator;
import io.medulla.security.ApiKeys;
import io.medulla.security.AuthFailureLimiter;
import io.medulla.security.Authenticators;
import io.medulla.security.ClientCertificateAuthenticator;
import io.medulla.security.JwtAuthenticator;
import io.medulla.security.OidcSettings;
import io.medulla.tenancy.AccessPolicy;
import io.medulla.tenancy.BreakGlassSessions;
import io.medulla.tenancy.Caller;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles authentication and authorisation from the configuration: the credential checks the
 * tenants file's principals may use, the failure limit, emergency access, and the engine each
 * caller sees. Background work (key file reloads, last-use flushes, key set refreshes) runs on the
 * housekeeping thread, never on a request.
 */
final class Security {
  private static final Logger log = LoggerFactory.getLogger(Security.class);

  private final @Nullable ApiKeys apiKeys;
  private final @Nullable JwtAuthenticator jwt;
  private final CallerAuthentication edge;
  private final AccessPolicy policy;
  private final LateAccessEvents events;

  private Security(
      @Nullable ApiKeys apiKeys,
      @Nullable JwtAuthenticator jwt,
      CallerAuthentication edge,
      AccessPolicy policy,
      LateAccessEvents events) {
    this.apiKeys = apiKeys;
    this.jwt = jwt;
    this.edge = edge;
    this.policy = policy;
    this.events = events;
  }

  /** Forwards to the audit trail once it exists (it is opened after the credentials are read). */
  private static final class LateAccessEvents implements AccessEvents {
    private volatile AccessEvents target = AccessEvents.NONE;

    @Override
    public void refused(
        StatusCode status, String principalHint, String tenant, String clientAddress, String why) {
      target.refused(status, principalHint, tenant, clientAddress, why);
    }

    @Override
    public void breakGlassStarted(Caller caller) {
      target.breakGlassStarted(caller);
    }
  }

  /**
   * Builds the security of a server.
   *
   * @throws IllegalArgumentException if the API key file or the OIDC key set cannot be read
   */
  static Security create(ServerConfig config, Ticker ticker, WallClock clock) {
    TenantsFile tenants = config.tenants();
    AuthenticationSettings settings = config.authentication();
    @Nullable ApiKeys keys = null;
    @Nullable ApiKeyAuthenticator keyAuth = null;
    Path keyFile = settings.apiKeys();
    if (keyFile != null) {
      try {
        keys = ApiKeys.open(keyFile, clock);
      } catch (IOException e) {
        throw new IllegalArgumentException("--api-keys: cannot read the key file (" + e + ")", e);
      }
      keyAuth =
          new ApiKeyAuthenticator(
              keys, id -> java.util.Optional.ofNullable(tenants.principals().get(id)));
    }
    @Nullable JwtAuthenticator jwt = null;
    OidcSettings oidc = settings.oidc();
    if (oidc != null) {
      try {
        jwt = new JwtAuthenticator(oidc, clock);
      } catch (IOException e) {
        throw new IllegalArgumentException("--oidc-jwks: cannot read the key set (" + e + ")", e);
      }
    }
    @Nullable ClientCertificateAuthenticator certificates =
        config.tls() != null && config.tls().clientAuth() != TlsSettings.ClientAuth.NONE
            ? new ClientCertificateAuthenticator(tenants::principalByCertificateSubject, clock)
            : null;
    AuthFailureLimiter limiter =
        new AuthFailureLimiter(
            ticker,
            settings.failureBurst(),
            AuthFailureLimiter.DEFAULT_REFILL,
            AuthFailureLimiter.DEFAULT_MAX_KEYS);
    LateAccessEvents events = new LateAccessEvents();
    CallerAuthentication edge =
        new CallerAuthentication(
            Authenticators.standard(keyAuth, jwt, certificates),
            attempts(limiter),
            new BreakGlassSessions(clock, tenants.breakGlassMax()),
            settings.anonymousLoopbackTenant(),
            events);
    return new Security(keys, jwt, edge, tenants.accessPolicy(), events);
  }

  /**
   * Adapts the limiter: a client address is checked before its credentials; a failure counts
   * against the address only, because key ids and subjects are public and counting against them
   * would let anyone lock a legitimate caller out.
   */
  private static AuthAttempts attempts(AuthFailureLimiter limiter) {
    return new AuthAttempts() {
      @Override
      public long blockedSeconds(String clientAddress) {
        return limiter.retryAfterSeconds(clientAddress, "");
      }

      @Override
      public void recordFailure(String clientAddress, String principalHint) {
        limiter.recordFailure(clientAddress, "");
      }
    };
  }

  /** Returns the decorator that authenticates every request of a listener. */
  CallerAuthentication edge() {
    return edge;
  }

  /** Returns the engine the protocols call: each call authorised for its request's caller. */
  InferenceEngine protect(InferenceEngine engine) {
    return new CallerScopedEngine(engine, caller -> new GuardedEngine(engine, policy, caller));
  }

  /**
   * Returns the engine the protocols call, audited: one shared {@link io.medulla.engine
   * AuditedEngine} sits outside the per-caller {@link GuardedEngine}s, so that a refused inference
   * (403, or 404 for a hidden model) and a refused load or unload are recorded like any other
   * outcome. Refusals at the edge and emergency-access sessions go to the trail too.
   */
  InferenceEngine protect(InferenceEngine engine, AuditTrail trail, Ticker ticker) {
    events.target = trail.accessEvents();
    RequestCallers callers = new RequestCallers();
    InferenceEngine authorising =
        callers.authorise(
            engine,
            caller -> new GuardedEngine(engine, policy, caller),
            trail::authorizationRefused);
    return callers.bind(trail.wrap(authorising, callers::of, ticker));
  }

  /** Schedules the background work of the credential stores on {@code housekeeping}. */
  void schedule(ScheduledExecutorService housekeeping) {
    ApiKeys keys = apiKeys;
    if (keys != null) {
      housekeeping.scheduleWithFixedDelay(
          () -> quietly("reload the API key file", keys::reloadIfChanged), 2, 2, TimeUnit.SECONDS);
      housekeeping.scheduleWithFixedDelay(
          () -> quietly("record API key use", keys::flushLastUse), 60, 60, TimeUnit.SECONDS);
    }
    JwtAuthenticator tokens = jwt;
    if (tokens != null) {
      long period = tokens.settings().jwksIsFile() ? 30 : 300;
      housekeeping.scheduleWithFixedDelay(
          () -> quietly("refresh the OIDC key set", tokens::refresh), 0, period, TimeUnit.SECONDS);
    }
  }

  /** Re-reads the API key file now if it changed (tests; the housekeeping thread does it too). */
  void reloadCredentials() {
    ApiKeys keys = apiKeys;
    if (keys != null) {
      quietly("reload the API key file", keys::reloadIfChanged);
    }
  }

  /** Writes what must outlive the process: the API keys' last-use times. */
  void close() {
    ApiKeys keys = apiKeys;
    if (keys != null) {
      quietly("record API key use", keys::flushLastUse);
    }
  }

  @FunctionalInterface
  private interface IoTask {
    void run() throws IOException;
  }

  private static void quietly(String what, IoTask task) {
    try {
      task.run();
    } catch (IOException | UncheckedIOException e) {
      // The message names the failure, never a key or token.
      log.warn("could not {}: {}", what, e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      log.warn("could not {}: {}", what, e.toString());
    }
  }
}
