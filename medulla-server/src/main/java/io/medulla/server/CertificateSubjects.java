package io.medulla.server;

import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/** Normalises X.500 distinguished names so that the same subject compares equal however written. */
final class CertificateSubjects {
  private CertificateSubjects() {}

  /**
   * Returns {@code dn} in RFC 2253 form ({@code "CN=a,O=b"}: attribute keywords upper-cased,
   * spacing removed), or empty if it is not a distinguished name.
   */
  static Optional<String> normalise(String dn) {
    if (dn.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new X500Principal(dn).getName(X500Principal.RFC2253));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
