package io.medulla.protocol;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Authenticator;
import io.medulla.tenancy.BreakGlass;
import io.medulla.tenancy.BreakGlassSessions;
import io.medulla.tenancy.Caller;
import io.medulla.tenancy.Credentials;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request of a listener, REST and gRPC alike, before any handler runs, and
 * leaves the verified {@link Caller} in {@link CallerContext}. Only the health probes pass without
 * credentials.
 *
 * <p>The order is fixed: refuse a client address that is failing too often (429, without looking at
 * its credentials); authenticate (401 on failure, counted); choose the tenant (only a gateway may
 * name another tenant, in the {@value TenantHeader#NAME} header; 403 otherwise); start or find an
 * emergency-access session (403 for a principal not provisioned for it). Authorisation of the route
 * itself happens later, where the model is known.
 */
public final class CallerAuthentication implements DecoratingHttpServiceFunction {
  /** The header that invokes emergency access; its value is the reason. */
  public static final String BREAK_GLASS_HEADER = "x-medulla-break-glass";

  /** The response header that flags a request covered by emergency access. */
  public static final String BREAK_GLASS_FLAG = "x-medulla-break-glass-active";

  /** The id of the principal that unauthenticated loopback requests map to, when allowed. */
  public static final String ANONYMOUS_PRINCIPAL = RequestContext.ANONYMOUS;

  private static final Logger log = LoggerFactory.getLogger(CallerAuthentication.class);
  private static final Set<String> OPEN_PATHS =
      Set.of(
          "/v2/health/live",
          "/v2/health/ready",
          "/inference.GRPCInferenceService/ServerLive",
          "/inference.GRPCInferenceService/ServerReady");

  private final Authenticator authenticator;
  private final AuthAttempts attempts;
  private final BreakGlassSessions breakGlass;
  private final @Nullable Principal loopbackAnonymous;
  private final AccessEvents events;

  /**
   * Creates the decorator.
   *
   * @param authenticator checks the credentials of every request
   * @param attempts limits authentication failures
   * @param breakGlass the emergency-access sessions
   * @param anonymousLoopbackTenant when not null, a request without credentials from a loopback
   *     address is the {@value #ANONYMOUS_PRINCIPAL} principal of this tenant, with the inference
   *     and operator roles (an explicit option for local trials)
   */
  public CallerAuthentication(
      Authenticator authenticator,
      AuthAttempts attempts,
      BreakGlassSessions breakGlass,
      @Nullable TenantId anonymousLoopbackTenant) {
    this(authenticator, attempts, breakGlass, anonymousLoopbackTenant, AccessEvents.NONE);
  }

  /**
   * Creates the decorator, telling {@code events} of every refusal and every emergency-access
   * session started (for the audit trail).
   */
  public CallerAuthentication(
      Authenticator authenticator,
      AuthAttempts attempts,
      BreakGlassSessions breakGlass,
      @Nullable TenantId anonymousLoopbackTenant,
      AccessEvents events) {
    this.events = requireNonNull(events, "events");
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.attempts = requireNonNull(attempts, "attempts");
    this.breakGlass = requireNonNull(breakGlass, "breakGlass");
    this.loopbackAnonymous =
        anonymousLoopbackTenant == null
            ? null
            : new Principal(
                ANONYMOUS_PRINCIPAL,
                anonymousLoopbackTenant,
                Set.of(Role.INFERENCE, Role.OPERATOR),
                Set.of(),
                false,
                AuthMethod.LOOPBACK_ANONYMOUS);
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    if (OPEN_PATHS.contains(ctx.path())) {
      return delegate.serve(ctx, req);
    }
    RequestHeaders headers = req.headers();
    Credentials credentials = credentials(ctx, headers);
    String address = credentials.clientAddress();
    long blocked = attempts.blockedSeconds(address);
    if (blocked > 0) {
      events.refused(
          StatusCode.RESOURCE_EXHAUSTED, "", "", address, "too many failed authentications");
      return EdgeResponses.refuse(
          headers, StatusCode.RESOURCE_EXHAUSTED, "too many failed authentications", blocked);
    }
    Principal principal;
    switch (authenticator.authenticate(credentials)) {
      case AuthOutcome.Authenticated a -> principal = a.principal();
      case AuthOutcome.Rejected r -> {
        attempts.recordFailure(address, r.principalHint());
        log.info(
            "authentication failed from {} ({}): {}",
            address,
            r.principalHint().isEmpty() ? "no principal" : r.principalHint(),
            r.message());
        events.refused(StatusCode.UNAUTHENTICATED, r.principalHint(), "", address, r.message());
        return EdgeResponses.refuse(headers, StatusCode.UNAUTHENTICATED, r.message(), 0);
      }
      case AuthOutcome.NotApplicable n -> {
        if (loopbackAnonymous != null && credentials.isEmpty() && credentials.loopback()) {
          principal = loopbackAnonymous;
        } else {
          // Credentials nobody recognises count as a guess; no credentials at all do not.
          if (!credentials.isEmpty()) {
            attempts.recordFailure(address, "");
            if (!credentials.clientCertificates().isEmpty()) {
              log.info(
                  "client certificate {} from {} names no principal",
                  credentials.clientCertificates().get(0).getSubjectX500Principal().getName(),
                  address);
            }
          }
          String why =
              credentials.isEmpty()
                  ? "authentication required: send 'Authorization: Bearer <API key or token>'"
                  : "credentials not recognised";
          events.refused(StatusCode.UNAUTHENTICATED, "", "", address, why);
          return EdgeResponses.refuse(headers, StatusCode.UNAUTHENTICATED, why, 0);
        }
      }
    }
    @Nullable String named = headers.get(TenantHeader.NAME);
    TenantId tenant = principal.tenant();
    if (named != null) {
      if (!TenantHeader.isWellFormed(named)) {
        return EdgeResponses.refuse(
            headers,
            StatusCode.INVALID_ARGUMENT,
            TenantHeader.NAME
                + ": not a tenant id (expected: 1 to 64 letters, digits, '.', '_' or '-')",
            0);
      }
      tenant = new TenantId(named);
      if (!principal.mayActFor(tenant)) {
        log.info(
            "principal {} of tenant {} named tenant {}: refused",
            principal.id(),
            principal.tenant(),
            tenant);
        String why = "principal '" + principal.id() + "' may not act for tenant '" + tenant + "'";
        events.refused(StatusCode.PERMISSION_DENIED, principal.id(), tenant.value(), address, why);
        return EdgeResponses.refuse(headers, StatusCode.PERMISSION_DENIED, why, 0);
      }
    }
    @Nullable BreakGlass session;
    try {
      session = emergencyAccess(principal, tenant, address, headers.get(BREAK_GLASS_HEADER));
    } catch (IllegalStateException e) {
      String why = String.valueOf(e.getMessage());
      events.refused(StatusCode.PERMISSION_DENIED, principal.id(), tenant.value(), address, why);
      return EdgeResponses.refuse(headers, StatusCode.PERMISSION_DENIED, why, 0);
    } catch (IllegalArgumentException e) {
      return EdgeResponses.refuse(
          headers,
          StatusCode.INVALID_ARGUMENT,
          BREAK_GLASS_HEADER
              + ": expected a reason of 1 to "
              + BreakGlass.MAX_REASON_LENGTH
              + " characters",
          0);
    }
    Caller caller = new Caller(principal, tenant, session, address);
    CallerContext.set(ctx, caller);

    if (session != null) {
      ctx.addAdditionalResponseHeader(BREAK_GLASS_FLAG, "true");
      log.warn(
          "break-glass request: principal={} tenant={} {} {} reason=\"{}\" until {}",
          principal.id(),
          tenant,
          ctx.method(),
          ctx.path(),
          session.reason(),
          session.expires());
    }
    return delegate.serve(ctx, req);
  }

  private @Nullable BreakGlass emergencyAccess(
      Principal principal, TenantId tenant, String address, @Nullable String reason) {
    // Sessions belong to the principal; the tenant is logged so a gateway's use is attributed.
    Optional<BreakGlass> active = breakGlass.active(principal);
    if (reason == null || active.isPresent()) {
      return active.orElse(null);
    }
    if (!principal.breakGlass()) {
      throw new IllegalStateException(
          "principal '" + principal.id() + "' is not provisioned for break-glass access");
    }
    BreakGlass started = breakGlass.invoke(principal, reason.strip(), breakGlass.max());
    log.warn(
        "BREAK-GLASS invoked: principal={} tenant={} method={} reason=\"{}\" until {}",
        principal.id(),
        tenant,
        principal.method().name().toLowerCase(Locale.ROOT),
        started.reason(),
        started.expires());
    events.breakGlassStarted(new Caller(principal, tenant, started, address));
    return started;
  }

  private static Credentials credentials(ServiceRequestContext ctx, RequestHeaders headers) {
    @Nullable String bearer = bearer(headers.get(HttpHeaderNames.AUTHORIZATION));
    InetSocketAddress remote = ctx.remoteAddress();
    InetAddress ip = remote.getAddress();
    return new Credentials(
        bearer, clientCertificates(ctx.sslSession()), ip.getHostAddress(), ip.isLoopbackAddress());
  }

  private static @Nullable String bearer(@Nullable String authorization) {
    if (authorization == null || authorization.length() < 8) {
      return null;
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  private static List<X509Certificate> clientCertificates(@Nullable SSLSession session) {
    if (session == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
