package io.medulla.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Limits every listener (REST, gRPC, metrics) applies to each connection, so that one client cannot
 * hold resources others need. HTTP/2 abuse (rapid reset, header and CONTINUATION floods, HPACK
 * bombs) is bounded by these limits and by the reset-frame budget Medulla always sets; an offending
 * connection is closed without touching the others.
 *
 * @param idleTimeout {@code --idle-timeout-secs}: a connection with no request in flight for this
 *     long is closed (default 60 s)
 * @param maxHeaderBytes {@code --max-header-bytes}: the largest request header block, HTTP/1.1
 *     header section and HTTP/2 header list alike (default 16 KiB)
 * @param maxConcurrentStreams {@code --max-concurrent-streams}: HTTP/2 streams (gRPC calls) open at
 *     once on one connection (default 100)
 * @param maxConnections {@code --max-connections}: connections open at once per listener; 0 for no
 *     limit (default 0)
 */
public record ConnectionLimits(
    Duration idleTimeout, int maxHeaderBytes, int maxConcurrentStreams, int maxConnections) {
  /** Creates limits; fails naming the flag of a value out of range. */
  public ConnectionLimits {
    requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "--idle-timeout-secs: " + idleTimeout.toSeconds() + " (expected: > 0)");
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException(
          "--max-header-bytes: " + maxHeaderBytes + " (expected: >= 1024)");
    }
    if (maxConcurrentStreams < 1) {
      throw new IllegalArgumentException(
          "--max-concurrent-streams: " + maxConcurrentStreams + " (expected: > 0)");
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException(
          "--max-connections: " + maxConnections + " (expected: >= 0; 0 for no limit)");
    }
  }

  /** Returns the defaults: 60 s idle, 16 KiB of headers, 100 streams, any number of connections. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(Duration.ofSeconds(60), 16 * 1024, 100, 0);
  }
}
