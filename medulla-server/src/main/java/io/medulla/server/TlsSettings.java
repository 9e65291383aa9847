package io.medulla.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where the listeners' TLS material lives. One certificate serves REST, gRPC and metrics; the files
 * are re-read every {@code reloadInterval} so that a rotated certificate serves new handshakes
 * without a restart. Creating the settings reads and checks every file, so a bad file stops the
 * server before it binds a port.
 *
 * @param certificateChain {@code --tls-cert}: PEM certificates, the server's first, then
 *     intermediates
 * @param privateKey {@code --tls-key}: the server's unencrypted PKCS#8 private key (RSA or EC) in
 *     PEM
 * @param clientCa {@code --tls-client-ca}: PEM certificates of the authorities that sign client
 *     certificates; null when clients present none
 * @param clientAuth {@code --tls-client-auth}: whether a client certificate is asked for
 * @param reloadInterval {@code --tls-reload-secs}: how often the files are checked for a change
 */
public record TlsSettings(
    Path certificateChain,
    Path privateKey,
    @Nullable Path clientCa,
    ClientAuth clientAuth,
    Duration reloadInterval) {
  /** The flag that names the certificate chain. */
  static final String CERT_FLAG = "--tls-cert";

  /** The flag that names the private key. */
  static final String KEY_FLAG = "--tls-key";

  /** The flag that names the client certificate authorities. */
  static final String CLIENT_CA_FLAG = "--tls-client-ca";

  /** The default interval between checks of the files for a change: one minute. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(60);

  /** Whether the server asks clients for a certificate during the handshake. */
  public enum ClientAuth {
    /** Never asks; callers identify themselves with credentials in the request. */
    NONE,
    /**
     * Asks, and verifies a certificate that is presented against the client CA, but accepts a
     * handshake without one, so that a bearer token can identify the caller instead.
     */
    OPTIONAL,
    /** Refuses the handshake unless the client presents a certificate the client CA signed. */
    REQUIRE
  }

  /** Creates settings; reads the files and fails, naming the flag, if one cannot serve. */
  public TlsSettings {
    requireNonNull(certificateChain, "certificateChain");
    requireNonNull(privateKey, "privateKey");
    requireNonNull(clientAuth, "clientAuth");
    requireNonNull(reloadInterval, "reloadInterval");
    if (reloadInterval.isNegative() || reloadInterval.isZero()) {
      throw new IllegalArgumentException(
          "--tls-reload-secs: " + reloadInterval.toSeconds() + " (expected: > 0)");
    }
    if (clientAuth != ClientAuth.NONE && clientCa == null) {
      throw new IllegalArgumentException(
          "--tls-client-auth="
              + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
              + " needs --tls-client-ca, the authority that signs client certificates");
    }
    if (clientAuth == ClientAuth.NONE && clientCa != null) {
      throw new IllegalArgumentException(
          "--tls-client-ca is given but --tls-client-auth=none would never ask for a client"
              + " certificate; pass --tls-client-auth=optional or require, or drop --tls-client-ca");
    }
    TlsMaterial.read(certificateChain, privateKey, clientCa);
  }

  /** Returns settings for a certificate and key, without client certificates. */
  public static TlsSettings of(Path certificateChain, Path privateKey) {
    return new TlsSettings(
        certificateChain, privateKey, null, ClientAuth.NONE, DEFAULT_RELOAD_INTERVAL);
  }

  /** Returns a copy that asks for client certificates signed by {@code clientCa}. */
  public TlsSettings withClientCa(Path clientCa, ClientAuth clientAuth) {
    return new TlsSettings(certificateChain, privateKey, clientCa, clientAuth, reloadInterval);
  }

  /** Returns a copy that checks the files for a change every {@code interval}. */
  public TlsSettings withReloadInterval(Duration interval) {
    return new TlsSettings(certificateChain, privateKey, clientCa, clientAuth, interval);
  }
}
