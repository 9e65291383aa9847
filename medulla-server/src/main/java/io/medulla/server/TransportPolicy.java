package io.medulla.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a bind address may be served as configured. Secure by default: an address other
 * hosts can reach needs TLS and authentication, unless the operator explicitly opts out because a
 * trusted proxy in front provides both.
 */
final class TransportPolicy {
  private TransportPolicy() {}

  /**
   * Fails when {@code address} is reachable from other hosts and TLS or authentication is missing,
   * unless {@code allowInsecureRemote}; the message says what to do.
   */
  static void checkTransportSecurity(
      String address,
      @Nullable TlsSettings tls,
      boolean hasAuthentication,
      boolean allowInsecureRemote) {
    if (allowInsecureRemote || !isInsecure(address, tls, hasAuthentication)) {
      return;
    }
    List<String> missing = new ArrayList<>();
    List<String> remedies = new ArrayList<>();
    if (tls == null) {
      missing.add("no TLS");
      remedies.add("give --tls-cert and --tls-key");
    }
    if (!hasAuthentication) {
      missing.add("no authentication");
      remedies.add("configure authentication");
    }
    throw new IllegalArgumentException(
        "--address "
            + address
            + " is not a loopback address, and the server has "
            + String.join(" and ", missing)
            + ": patient data and credentials would travel unprotected to anyone who can connect."
            + " To serve other hosts, "
            + String.join(" and ", remedies)
            + "; or bind 127.0.0.1; or pass --allow-insecure-remote if a trusted proxy in front"
            + " terminates TLS and authenticates every caller.");
  }

  /**
   * Returns whether serving {@code address} as configured exposes cleartext or anonymous access.
   */
  static boolean isInsecure(String address, @Nullable TlsSettings tls, boolean hasAuthentication) {
    return !isLoopback(address) && (tls == null || !hasAuthentication);
  }

  /** Returns whether {@code address} is a loopback address; fails on an unknown host. */
  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--address " + address + ": unknown host", e);
    }
  }
}
