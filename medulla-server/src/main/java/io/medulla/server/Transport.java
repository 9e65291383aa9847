package io.medulla.server;

import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerTlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Opens every listener the same way: bound to the configured address, with TLS when configured, the
 * connection limits, and the insecure marker on health responses when the operator opted out of
 * transport security.
 */
final class Transport {
  /** TLS versions offered, preferred first: 1.3, then 1.2 for older clients. */
  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * Cipher suites offered: TLS 1.3's three (all AEAD), then TLS 1.2's with forward secrecy (ECDHE)
   * and an AEAD cipher (AES-GCM, ChaCha20-Poly1305). No CBC, no RSA key exchange, no SHA-1 MAC.
   */
  static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /**
   * HTTP/2 RST_STREAM frames a client may send per minute before its connection is closed: the
   * defence against rapid-reset floods (CVE-2023-44487). Generous for cancelled gRPC calls.
   */
  static final int MAX_RESET_FRAMES_PER_MINUTE = 400;

  /** The response header that marks a server running with {@code --allow-insecure-remote}. */
  static final String INSECURE_HEADER = "x-medulla-insecure";

  private static final List<String> GRPC_HEALTH_PATHS =
      List.of(
          "/inference.GRPCInferenceService/ServerLive",
          "/inference.GRPCInferenceService/ServerReady");

  private final ServerConfig config;
  private final @Nullable PemTlsProvider tls;

  Transport(ServerConfig config) {
    this.config = config;
    this.tls = config.tls() == null ? null : new PemTlsProvider(config.tls());
  }

  /** Returns a server builder for one listener on {@code port}, secured and limited. */
  ServerBuilder listener(int port) {
    InetSocketAddress address = new InetSocketAddress(config.address(), port);
    ServerBuilder sb = Server.builder();
    TlsSettings settings = config.tls();
    if (tls != null && settings != null) {
      sb.https(address).tlsProvider(tls, serverTlsConfig(settings));
    } else {
      sb.http(address);
    }
    ConnectionLimits limits = config.connectionLimits();
    sb.idleTimeout(limits.idleTimeout())
        .http1MaxHeaderSize(limits.maxHeaderBytes())
        .http2MaxHeaderListSize(limits.maxHeaderBytes())
        .http2MaxStreamsPerConnection(limits.maxConcurrentStreams())
        .http2MaxResetFramesPerWindow(MAX_RESET_FRAMES_PER_MINUTE, 60);
    if (limits.maxConnections() > 0) {
      sb.maxNumConnections(limits.maxConnections());
    }
    if (config.isInsecureRemote()) {
      markInsecure(sb);
    }
    return sb;
  }

  /** Checks the TLS files every reload interval on {@code executor}; nothing without TLS. */
  void scheduleReload(ScheduledExecutorService executor) {
    TlsSettings settings = config.tls();
    if (tls != null && settings != null) {
      long millis = settings.reloadInterval().toMillis();
      executor.scheduleWithFixedDelay(tls::reload, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Re-reads the TLS files now; returns whether new handshakes get new material. */
  boolean reloadCertificates() {
    return tls != null && tls.reload();
  }

  private static ServerTlsConfig serverTlsConfig(TlsSettings settings) {
    return ServerTlsConfig.builder()
        .clientAuth(
            switch (settings.clientAuth()) {
              case NONE -> ClientAuth.NONE;
              case OPTIONAL -> ClientAuth.OPTIONAL;
              case REQUIRE -> ClientAuth.REQUIRE;
            })
        .tlsCustomizer(
            b -> b.protocols(PROTOCOLS).ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE))
        .build();
  }

  private static void markInsecure(ServerBuilder sb) {
    sb.decorator(
        Route.builder().pathPrefix("/v2/health/").build(),
        (delegate, ctx, req) -> {
          ctx.addAdditionalResponseHeader(INSECURE_HEADER, "true");
          return delegate.serve(ctx, req);
        });
    for (String path : GRPC_HEALTH_PATHS) {
      sb.decorator(
          Route.builder().exact(path).build(),
          (delegate, ctx, req) -> {
            ctx.addAdditionalResponseHeader(INSECURE_HEADER, "true");
            return delegate.serve(ctx, req);
          });
    }
  }
}
