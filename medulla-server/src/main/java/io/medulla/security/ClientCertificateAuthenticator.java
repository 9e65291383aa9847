package io.medulla.security;

import static java.util.Objects.requireNonNull;

import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Authenticator;
import io.medulla.tenancy.Credentials;
import io.medulla.tenancy.Principal;
import io.medulla.time.WallClock;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;

/**
 * Authenticates the client certificate of an mTLS connection by its subject. The TLS handshake has
 * already verified the chain against the client CA; this maps the leaf's subject distinguished name
 * to a declared principal and checks the leaf's validity period on every request, so a long-lived
 * connection does not outlive its certificate.
 *
 * <p>A certificate whose subject maps to no principal is not its business: a bearer token may still
 * identify the caller on the same connection.
 */
public final class ClientCertificateAuthenticator implements Authenticator {
  private final Function<String, Optional<Principal>> principalsBySubject;
  private final WallClock clock;

  /**
   * Creates an authenticator.
   *
   * @param principalsBySubject finds the principal declared for a subject DN, given in RFC 2253
   *     form as {@link #normalizeSubject} writes it
   * @param clock reads the time the validity period is checked against
   */
  public ClientCertificateAuthenticator(
      Function<String, Optional<Principal>> principalsBySubject, WallClock clock) {
    this.principalsBySubject = requireNonNull(principalsBySubject, "principalsBySubject");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public AuthOutcome authenticate(Credentials credentials) {
    if (credentials.clientCertificates().isEmpty()) {
      return AuthOutcome.notApplicable();
    }
    X509Certificate leaf = credentials.clientCertificates().get(0);
    String subject = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
    Optional<Principal> principal = principalsBySubject.apply(subject);
    if (principal.isEmpty()) {
      return AuthOutcome.notApplicable();
    }
    Instant now = clock.now();
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      return new AuthOutcome.Rejected("client certificate not yet valid", principal.get().id());
    }
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      return new AuthOutcome.Rejected("client certificate expired", principal.get().id());
    }
    return new AuthOutcome.Authenticated(principal.get().withMethod(AuthMethod.CLIENT_CERTIFICATE));
  }

  /**
   * Returns a subject distinguished name in the RFC 2253 form this authenticator looks principals
   * up by ({@code "CN=scanner-1, O=St Mary's"} becomes {@code "CN=scanner-1,O=St Mary's"}), so that
   * a tenants file can declare subjects as people write them.
   *
   * @throws IllegalArgumentException if {@code dn} is not a distinguished name
   */
  public static String normalizeSubject(String dn) {
    return new X500Principal(dn).getName(X500Principal.RFC2253);
  }
}
