package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a request presented to prove who it is, gathered at the protocol edge from either protocol:
 * the same for REST and gRPC, so that both authenticate alike.
 *
 * @param bearer the token of an {@code Authorization: Bearer} header or metadata entry, or {@code
 *     null}; never logged
 * @param clientCertificates the verified client certificate chain of an mTLS connection, leaf
 *     first; empty without mTLS
 * @param clientAddress the peer's IP address, for logs, rate limits and audit
 * @param loopback whether the peer connected over a loopback interface
 */
public record Credentials(
    @Nullable String bearer,
    List<X509Certificate> clientCertificates,
    String clientAddress,
    boolean loopback) {
  /** Creates credentials. */
  public Credentials {
    clientCertificates = List.copyOf(clientCertificates);
    requireNonNull(clientAddress, "clientAddress");
  }

  /** Returns whether nothing was presented. */
  public boolean isEmpty() {
    return bearer == null && clientCertificates.isEmpty();
  }

  @Override
  public String toString() {
    // A bearer token is a secret: never let it reach a log through toString.
    return "Credentials[bearer="
        + (bearer == null ? "none" : "present")
        + ", certificates="
        + clientCertificates.size()
        + ", clientAddress="
        + clientAddress
        + "]";
  }
}
