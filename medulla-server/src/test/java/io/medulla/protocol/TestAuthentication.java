package io.medulla.protocol;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.BreakGlassSessions;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import io.medulla.time.WallClock;
import java.util.Set;

/**
 * The authentication of the protocol tests: the real {@link CallerAuthentication} decorator over a
 * scripted authenticator, so that the handlers see callers exactly as in the server.
 *
 * <ul>
 *   <li>no credentials from loopback: the anonymous principal of the {@code default} tenant;
 *   <li>{@code Bearer user@T}: principal {@code user} of tenant {@code T}, roles inference and
 *       operator;
 *   <li>{@code Bearer gateway}: principal {@code gw} of tenant {@code vendor} with the gateway
 *       role, acting for {@code st-marys} and {@code northside};
 *   <li>any other bearer: rejected.
 * </ul>
 */
public final class TestAuthentication {
  /** The gateway's bearer token. */
  public static final String GATEWAY = "gateway";

  private TestAuthentication() {}

  /** Returns the decorator to install on a test server. */
  public static CallerAuthentication decorator() {
    return new CallerAuthentication(
        credentials -> {
          String bearer = credentials.bearer();
          if (bearer == null) {
            return AuthOutcome.notApplicable();
          }
          if (bearer.equals(GATEWAY)) {
            return new AuthOutcome.Authenticated(
                new Principal(
                    "gw",
                    new TenantId("vendor"),
                    Set.of(Role.INFERENCE, Role.GATEWAY),
                    Set.of(new TenantId("st-marys"), new TenantId("northside")),
                    false,
                    AuthMethod.API_KEY));
          }
          int at = bearer.indexOf('@');
          if (at > 0 && at < bearer.length() - 1) {
            return new AuthOutcome.Authenticated(
                new Principal(
                    bearer.substring(0, at),
                    new TenantId(bearer.substring(at + 1)),
                    Set.of(Role.INFERENCE, Role.OPERATOR),
                    Set.of(),
                    false,
                    AuthMethod.API_KEY));
          }
          return new AuthOutcome.Rejected("invalid API key", "");
        },
        AuthAttempts.UNLIMITED,
        new BreakGlassSessions(WallClock.system(), BreakGlassSessions.DEFAULT_MAX),
        TenantId.DEFAULT);
  }

  /** Returns the {@code Authorization} header value of {@code user} of {@code tenant}. */
  public static String bearer(String user, String tenant) {
    return "Bearer " + user + "@" + tenant;
  }
}
