package io.medulla.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.TlsProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives Armeria the key pair and client authorities from the PEM files of {@link TlsSettings}, and
 * swaps in new ones when the files change. Armeria asks for the key pair at every new connection
 * and builds a new TLS context when it differs, so a rotated certificate serves new handshakes
 * while connections already open keep the one they started with.
 *
 * <p>Thread safety: {@link #keyPair} is called on event loops and reads one volatile field; {@link
 * #reload} is called by one housekeeping thread (or a test) and never blocks an event loop.
 *
 * <p>Armeria caches a TLS context per key pair; the client authorities are read when that context
 * is built. A changed client CA file therefore takes effect together with the next change of the
 * server's certificate (or a restart); {@link #reload} says so in a warning.
 */
final class PemTlsProvider implements TlsProvider {
  private static final Logger log = LoggerFactory.getLogger(PemTlsProvider.class);

  private final TlsSettings settings;
  private volatile TlsMaterial current;

  PemTlsProvider(TlsSettings settings) {
    this.settings = requireNonNull(settings, "settings");
    this.current =
        TlsMaterial.read(settings.certificateChain(), settings.privateKey(), settings.clientCa());
  }

  @Override
  public TlsKeyPair keyPair(String hostname) {
    return current.keyPair();
  }

  @Override
  public List<X509Certificate> trustedCertificates(String hostname) {
    return current.clientCas();
  }

  /** Returns the certificate new handshakes present. */
  X509Certificate certificate() {
    return current.certificate();
  }

  /**
   * Re-reads the files and, if they changed and still make a valid key pair, serves the new one to
   * new handshakes. A file that cannot be used (half written, key not matching) keeps the previous
   * material serving and logs a warning; the next check tries again.
   *
   * @return whether new material was taken
   */
  boolean reload() {
    TlsMaterial previous = current;
    TlsMaterial next;
    try {
      next = TlsMaterial.readIfChanged(settings, previous.digest());
    } catch (IllegalArgumentException e) {
      log.warn(
          "TLS files changed but cannot be used ({}); still serving certificate serial {}",
          e.getMessage(),
          previous.certificate().getSerialNumber().toString(16));
      return false;
    }
    if (next == null) {
      return false;
    }
    current = next;
    if (next.keyPair().equals(previous.keyPair())) {
      log.warn(
          "TLS client CA changed while the server certificate did not; the new client CA takes"
              + " effect at the next certificate change or restart");
    } else {
      log.info(
          "TLS certificate reloaded: serial {}, valid until {}",
          next.certificate().getSerialNumber().toString(16),
          next.certificate().getNotAfter().toInstant());
    }
    return true;
  }
}
