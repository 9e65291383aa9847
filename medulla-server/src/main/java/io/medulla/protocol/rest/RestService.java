package io.medulla.protocol.rest;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceBindingBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.InferenceException;
import io.medulla.inference.RequestId;
import io.medulla.time.Ticker;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Open Inference Protocol (KServe v2) over HTTP/REST, with Triton's binary tensor data,
 * statistics, model configuration and model repository extensions.
 *
 * <p>{@link #registerOn(ServerBuilder)} binds every {@code /v2} route. Each route refuses bodies
 * over its limit while they stream in ({@link RestLimits#maxRequestBytes()} for inference, {@value
 * #CONTROL_MAX_BYTES} bytes for the other routes) and answers every failure with the protocol's
 * {@code {"error": "..."}} body.
 */
public final class RestService {
  /** The body limit of the non-inference routes: their bodies are a few parameters at most. */
  public static final long CONTROL_MAX_BYTES = 1 << 20;

  private final InferenceEngine engine;
  private final RestLimits limits;
  private final InferHandler infer;
  private final RepositoryHandler repository;

  /**
   * Creates the service. Requests reach it authenticated: the listener's {@link
   * io.medulla.protocol.CallerAuthentication} decorator runs first, and {@code engine} authorises
   * each call for its caller.
   *
   * @param engine answers every request
   * @param ticker reads request arrival times, from which {@code timeout} deadlines count
   * @param limits bounds what a request may make the server parse and allocate
   * @param requestIds assigns each inference request its server-side id; called once per request on
   *     an event loop thread, so it must be thread-safe and fast
   */
  public RestService(
      InferenceEngine engine, Ticker ticker, RestLimits limits, Supplier<RequestId> requestIds) {
    this.engine = requireNonNull(engine, "engine");
    this.limits = requireNonNull(limits, "limits");
    this.infer =
        new InferHandler(
            engine,
            requireNonNull(ticker, "ticker"),
            requireNonNull(requestIds, "requestIds"),
            limits,
            new RequestContextFactory());
    this.repository =
        new RepositoryHandler(
            engine, limits, Math.min(CONTROL_MAX_BYTES, limits.maxRequestBytes()));
  }

  /**
   * Binds the {@code /v2} routes on {@code sb}, and adds a server error handler that renders
   * Armeria's own failures on {@code /v2} paths (413, timeouts, 405) as protocol error bodies. Call
   * it before adding any catch-all error handler: Armeria tries handlers in the order added.
   *
   * <p>It also sets the listener's connection limits from {@link RestLimits}: the header block size
   * ({@link RestLimits#maxHeaderBytes()}, HTTP/1 and HTTP/2) and the HTTP/2 streams per connection
   * ({@link RestLimits#maxConcurrentStreams()}).
   */
  public void registerOn(ServerBuilder sb) {
    sb.http1MaxHeaderSize(limits.maxHeaderBytes())
        .http2MaxHeaderListSize(limits.maxHeaderBytes())
        .http2MaxStreamsPerConnection(limits.maxConcurrentStreams());
    sb.errorHandler(new RestErrorHandler());
    get(sb, "/v2/health/live", (ctx, req) -> health(engine.isLive(), "server is not live"));
    get(sb, "/v2/health/ready", (ctx, req) -> health(engine.isReady(), "server is not ready"));
    get(
        sb,
        "/v2",
        sync(ctx -> JsonBodies.ok(g -> MetadataJson.server(g, engine.serverMetadata()))));
    for (String model :
        new String[] {"/v2/models/{model}", "/v2/models/{model}/versions/{version}"}) {
      get(sb, model, sync(this::modelMetadata));
      get(sb, model + "/ready", sync(this::modelReady));
      get(sb, model + "/config", sync(this::modelConfig));
      get(sb, model + "/stats", sync(ctx -> stats(name(ctx), version(ctx))));
      sb.route().post(model + "/infer").maxRequestLength(limits.maxRequestBytes()).build(infer);
    }
    get(sb, "/v2/models/stats", sync(ctx -> stats("", "")));
    get(sb, "/v2/graphs/{graph}/resources", sync(this::graphResources));
    post(sb, "/v2/repository/index", repository::index);
    // Loading waits until the model is ready and unloading until in-flight requests finish: no
    // request timeout cuts them short.
    bind(sb, HttpMethod.POST, "/v2/repository/models/{model}/load", repository::load, true);
    bind(sb, HttpMethod.POST, "/v2/repository/models/{model}/unload", repository::unload, true);
  }

  private HttpResponse modelMetadata(ServiceRequestContext ctx) {
    return JsonBodies.ok(g -> MetadataJson.model(g, engine.modelMetadata(name(ctx), version(ctx))));
  }

  private HttpResponse modelConfig(ServiceRequestContext ctx) {
    return JsonBodies.ok(
        g -> ModelConfigJson.write(g, engine.modelConfig(name(ctx), version(ctx))));
  }

  private HttpResponse modelReady(ServiceRequestContext ctx) {
    String version = version(ctx);
    if (engine.isModelReady(name(ctx), version)) {
      return JsonBodies.empty();
    }
    return RestErrors.of(
        HttpStatus.SERVICE_UNAVAILABLE,
        "model '"
            + name(ctx)
            + "'"
            + (version.isEmpty() ? "" : " version '" + version + "'")
            + " is not ready");
  }

  private HttpResponse graphResources(ServiceRequestContext ctx) {
    String graph = requireNonNull(ctx.pathParam("graph"), "graph");
    return JsonBodies.ok(g -> TreeJson.write(g, engine.graphResources(graph)));
  }

  private HttpResponse stats(String model, String version) {
    return JsonBodies.ok(g -> StatisticsJson.write(g, engine.statistics(model, version)));
  }

  private static HttpResponse health(boolean isUp, String message) {
    return isUp ? JsonBodies.empty() : RestErrors.of(HttpStatus.SERVICE_UNAVAILABLE, message);
  }

  /** Wraps a handler that calls the engine synchronously, mapping its failures. */
  private HttpService sync(Function<ServiceRequestContext, HttpResponse> handler) {
    return (ctx, req) -> {
      try {
        return handler.apply(ctx);
      } catch (InferenceException e) {
        return RestErrors.of(e);
      } catch (RuntimeException e) {
        return RestErrors.of(ctx, e, CONTROL_MAX_BYTES);
      }
    };
  }

  private void get(ServerBuilder sb, String path, HttpService service) {
    bind(sb, HttpMethod.GET, path, service, false);
  }

  private void post(ServerBuilder sb, String path, HttpService service) {
    bind(sb, HttpMethod.POST, path, service, false);
  }

  /** Binds a non-inference route: small bodies, and the server's request timeout unless untimed. */
  private void bind(
      ServerBuilder sb, HttpMethod method, String path, HttpService service, boolean isUntimed) {
    ServiceBindingBuilder route =
        sb.route()
            .methods(method)
            .path(path)
            .maxRequestLength(Math.min(CONTROL_MAX_BYTES, limits.maxRequestBytes()));
    if (isUntimed) {
      route.requestTimeoutMillis(0);
    }
    route.build(service);
  }

  /** Returns the {@code model} path parameter. */
  static String name(ServiceRequestContext ctx) {
    return requireNonNull(ctx.pathParam("model"), "model");
  }

  private static String version(ServiceRequestContext ctx) {
    String version = ctx.pathParam("version");
    return version == null ? "" : version;
  }
}
