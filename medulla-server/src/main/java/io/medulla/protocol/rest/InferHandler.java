package io.medulla.protocol.rest;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.RequestId;
import io.medulla.inference.StatusCode;
import io.medulla.inference.UnauthenticatedException;
import io.medulla.protocol.CallerContext;
import io.medulla.time.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code POST /v2/models/{model}[/versions/{version}]/infer}: checks the headers, waits for
 * the body (Armeria refuses it past {@code maxRequestBytes} while it streams), decodes it, calls
 * the engine and encodes the answer.
 *
 * <p>Small bodies are decoded on the event loop; larger ones on the blocking task executor, so that
 * parsing megabytes of JSON never stalls other connections.
 */
final class InferHandler implements HttpService {
  private static final int EVENT_LOOP_DECODE_BYTES = 64 * 1024;

  private final InferenceEngine engine;
  private final Ticker ticker;

  /** The response header that carries the server's id of the request (see docs/AUDIT.md). */
  static final String REQUEST_ID_HEADER = "x-medulla-request-id";

  private final Supplier<RequestId> requestIds;
  private final RestLimits limits;
  private final InferRequestDecoder decoder;
  private final RequestContextFactory contexts;

  InferHandler(
      InferenceEngine engine,
      Ticker ticker,
      Supplier<RequestId> requestIds,
      RestLimits limits,
      RequestContextFactory contexts) {
    this.engine = engine;
    this.contexts = contexts;
    this.ticker = ticker;
    this.requestIds = requestIds;
    this.limits = limits;
    this.decoder = new InferRequestDecoder(limits);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    long arrivalNanos = ticker.nanos();
    RequestId requestId = requestIds.get();
    // The server's id of the request, which its audit record carries.
    ctx.addAdditionalResponseHeader(REQUEST_ID_HEADER, requestId.value());
    RequestHeaders headers = req.headers();
    String model = RestService.name(ctx);
    @Nullable String version = ctx.pathParam("version");
    int headerLength;
    @Nullable String encoding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
    try {
      checkContentType(headers.contentType());
      if (!BoundedInflater.isSupported(encoding)) {
        throw new InferenceException(
            StatusCode.UNSUPPORTED_MEDIA_TYPE,
            "Content-Encoding: '" + encoding + "' is not supported (expected: gzip or deflate)");
      }
      headerLength = headerLength(headers);
    } catch (InferenceException e) {
      return RestErrors.of(e);
    }
    CompletableFuture<HttpResponse> response =
        req.aggregate()
            .thenCompose(
                body -> {
                  Call call =
                      new Call(
                          ctx,
                          body,
                          model,
                          version,
                          encoding,
                          headerLength,
                          requestId,
                          arrivalNanos);
                  CompletableFuture<Call> ready = CompletableFuture.completedFuture(call);
                  return body.content().length() <= EVENT_LOOP_DECODE_BYTES
                      ? ready.thenCompose(this::infer)
                      : ready.thenComposeAsync(this::infer, ctx.blockingTaskExecutor());
                })
            .exceptionally(t -> RestErrors.of(ctx, t, limits.maxRequestBytes()));
    return HttpResponse.of(response);
  }

  /** One inference call's inputs, gathered once its body has arrived. */
  private record Call(
      ServiceRequestContext ctx,
      AggregatedHttpRequest body,
      String model,
      @Nullable String version,
      @Nullable String encoding,
      int headerLength,
      RequestId requestId,
      long arrivalNanos) {}

  private CompletableFuture<HttpResponse> infer(Call call) {
    // The body may complete on any thread: make the request current so that its verified caller
    // (CallerContext) is what the context and the engine see.
    try (SafeCloseable ignored = call.ctx().push()) {
      return inferInContext(call);
    }
  }

  private CompletableFuture<HttpResponse> inferInContext(Call call) {
    byte[] bytes =
        BoundedInflater.inflate(
            call.body().content().array(), call.encoding(), limits.maxRequestBytes());
    String version = call.version() == null ? "" : call.version();
    InferenceRequest request;
    try {
      request =
          decoder.decode(
              call.model(),
              version,
              bytes,
              call.headerLength(),
              params ->
                  contexts.create(
                      CallerContext.of(call.ctx())
                          .orElseThrow(
                              () -> new UnauthenticatedException("authentication required")),
                      call.requestId(),
                      call.arrivalNanos(),
                      params));
    } catch (InferenceException e) {
      // An unknown model is the caller's first problem; look it up on this failure path only.
      engine.modelMetadata(call.model(), version);
      throw e;
    }
    CompletableFuture<InferenceResponse> pending = engine.infer(request);
    // Tells the engine when the caller goes away or the request times out.
    CompletableFuture<?> unused =
        call.ctx().whenRequestCancelling().thenRun(() -> pending.cancel(false));
    return pending.thenApply(r -> InferResponseEncoder.encode(request, r));
  }

  private static void checkContentType(@Nullable MediaType type) {
    if (type == null || type.isJson() || type.is(MediaType.OCTET_STREAM)) {
      return;
    }
    throw new InferenceException(
        StatusCode.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type: '"
            + type.nameWithoutParameters()
            + "' is not supported (expected: application/json, or application/octet-stream"
            + " with the Inference-Header-Content-Length header)");
  }

  private static int headerLength(RequestHeaders headers) {
    @Nullable String value = headers.get(InferResponseEncoder.HEADER_LENGTH);
    if (value == null) {
      @Nullable MediaType type = headers.contentType();
      if (type != null && type.is(MediaType.OCTET_STREAM)) {
        throw new InvalidInputException(
            "an application/octet-stream body needs the Inference-Header-Content-Length header"
                + " (the length of its JSON part)");
      }
      return -1;
    }
    try {
      int length = Integer.parseInt(value.trim());
      if (length >= 0) {
        return length;
      }
    } catch (NumberFormatException e) {
      // Falls through to the message below.
    }
    throw new InvalidInputException(
        "Inference-Header-Content-Length: '" + value + "' (expected: a non-negative integer)");
  }
}
