package io.medulla.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.RequestId;
import io.medulla.protocol.CallerContext;
import io.medulla.protocol.grpc.GrpcInferenceService;
import io.medulla.protocol.grpc.GrpcLimits;
import io.medulla.protocol.rest.RestLimits;
import io.medulla.protocol.rest.RestService;
import io.medulla.tenancy.Role;
import io.medulla.time.Ticker;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Builds the routes of each listener from the engine and the configuration. */
final class Protocols {
  private Protocols() {}

  /** Adds a listener's routes to an Armeria server under construction. */
  @FunctionalInterface
  interface Routes {
    void addTo(ServerBuilder server);
  }

  static Routes rest(
      InferenceEngine engine, Ticker ticker, ServerConfig config, Supplier<RequestId> ids) {
    RestService rest =
        new RestService(
            engine,
            ticker,
            RestLimits.defaults()
                .withMaxRequestBytes(config.maxRequestBytes())
                // One setting per limit: the REST routes apply the listener's header and stream
                // limits, so the two always agree.
                .withMaxHeaderBytes(config.connectionLimits().maxHeaderBytes())
                .withMaxConcurrentStreams(config.connectionLimits().maxConcurrentStreams()),
            ids);
    return rest::registerOn;
  }

  static Routes grpc(
      InferenceEngine engine, Ticker ticker, ServerConfig config, Supplier<RequestId> ids) {
    int maxBytes = (int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes());
    GrpcLimits limits = new GrpcLimits(maxBytes, GrpcLimits.defaults().maxStreamRequestsInFlight());
    GrpcService service =
        GrpcService.builder()
            .addService(new GrpcInferenceService(engine, ticker, limits, ids))
            .maxRequestMessageLength(limits.maxMessageBytes())
            .maxResponseMessageLength(limits.maxMessageBytes())
            // Inference never blocks an event loop; the repository RPCs that wait are @Blocking.
            .build();
    // The gRPC deframer bounds each message (RESOURCE_EXHAUSTED beyond); the listener's HTTP body
    // limit would otherwise cut a unary call first with a bare 413 (UNKNOWN to gRPC clients), and
    // a ModelStreamInfer stream after maxRequestBytes in total.
    return sb -> sb.service(service, Protocols::unboundedBody);
  }

  private static HttpService unboundedBody(HttpService delegate) {
    return (ctx, req) -> {
      ctx.setMaxRequestLength(0);
      return delegate.serve(ctx, req);
    };
  }

  /**
   * Returns the Prometheus endpoint: open to operators only, since metrics name tenants and models.
   * Prometheus sends an API key with its {@code authorization} scrape setting.
   */
  static HttpService metrics(Supplier<String> scrape) {
    MediaType type = MediaType.parse("text/plain; version=0.0.4; charset=utf-8");
    return (ctx, req) -> {
      boolean operator =
          CallerContext.of(ctx).map(c -> c.principal().has(Role.OPERATOR)).orElse(false);
      if (!operator) {
        return HttpResponse.of(
            HttpStatus.FORBIDDEN,
            MediaType.JSON_UTF_8,
            "{\"error\":\"metrics need the operator role\"}");
      }
      return HttpResponse.of(HttpStatus.OK, type, scrape.get());
    };
  }

  /**
   * Returns request ids unique across restarts: a random boot id, a per-protocol letter and a
   * counter. Cheap enough for every request and never derived from request content.
   */
  static Supplier<RequestId> requestIds(String bootId, String protocol) {
    AtomicLong next = new AtomicLong();
    String prefix = bootId + "-" + protocol;
    return () -> new RequestId(prefix + Long.toHexString(next.incrementAndGet()));
  }

  /** Returns a fresh random boot id: 8 hex digits. */
  static String newBootId() {
    return String.format("%08x", new SecureRandom().nextInt());
  }
}
