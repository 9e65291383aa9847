package io.medulla.protocol.grpc;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.InferenceResponse;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import io.medulla.protocol.grpc.proto.ModelStreamInferResponse;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One {@code ModelStreamInfer} call: each request on the stream runs as it arrives, and its answer,
 * or its error as {@code error_message}, goes back on the stream in request order. An error in one
 * request does not end the stream (Triton's behaviour).
 *
 * <p>Contract: gRPC calls {@link #onNext}, {@link #onError} and {@link #onCompleted} one at a time;
 * engine futures complete on any thread. Responses are written only by whichever thread wins the
 * {@code wip} counter, so writes never overlap and no lock is held while calling out. At most
 * {@code maxInFlight} requests are in the engine at once: the stream asks the transport for one
 * more message only after it has written an answer.
 *
 * <p>Under Armeria, answers are written from the call's event loop: a write from another thread is
 * queued there while a close from that thread is not, so a late answer could be overtaken by the
 * end of the stream. Engine completions therefore hop to the event loop before draining.
 */
final class StreamInferCall implements StreamObserver<ModelInferRequest> {
  private final ServerCallStreamObserver<ModelStreamInferResponse> out;
  private final InferenceEngine engine;
  private final InferCodec codec;
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final Executor writes;
  private volatile boolean halfClosed;
  private boolean completed; // written only by the wip winner

  /** A request in arrival order: the engine's future (to cancel) and the answer to write. */
  private record Pending(
      @Nullable CompletableFuture<InferenceResponse> engineFuture,
      CompletableFuture<ModelStreamInferResponse> answer) {}

  private StreamInferCall(
      ServerCallStreamObserver<ModelStreamInferResponse> out,
      InferenceEngine engine,
      InferCodec codec) {
    this.out = out;
    this.engine = engine;
    this.codec = codec;
    @Nullable ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    this.writes = ctx == null ? Runnable::run : ctx.eventLoop();
  }

  /** Starts a stream on {@code out}; must be called from the RPC method itself. */
  static StreamInferCall start(
      ServerCallStreamObserver<ModelStreamInferResponse> out,
      InferenceEngine engine,
      InferCodec codec,
      int maxInFlight) {
    StreamInferCall call = new StreamInferCall(out, engine, codec);
    out.disableAutoRequest();
    out.setOnCancelHandler(call::cancelAll);
    out.request(maxInFlight);
    return call;
  }

  @Override
  public void onNext(ModelInferRequest request) {
    Pending p;
    try {
      CompletableFuture<InferenceResponse> f = engine.infer(codec.decode(request));
      p = new Pending(f, f.handle((response, failure) -> answer(request, response, failure)));
    } catch (RuntimeException e) {
      p = new Pending(null, CompletableFuture.completedFuture(error(request, e)));
    }
    pending.add(p);
    // answer() never fails (errors become error_message answers), so nothing is lost here.
    var unused = p.answer().whenComplete((a, e) -> writes.execute(this::drain));
  }

  @Override
  public void onError(Throwable t) {
    cancelAll();
  }

  @Override
  public void onCompleted() {
    halfClosed = true;
    drain();
  }

  private ModelStreamInferResponse answer(
      ModelInferRequest request,
      @Nullable InferenceResponse response,
      @Nullable Throwable failure) {
    if (failure != null || response == null) {
      return error(request, failure != null ? failure : new IllegalStateException("no response"));
    }
    try {
      return ModelStreamInferResponse.newBuilder().setInferResponse(codec.encode(response)).build();
    } catch (RuntimeException e) {
      return error(request, e);
    }
  }

  private static ModelStreamInferResponse error(ModelInferRequest request, Throwable failure) {
    String message = GrpcErrors.status(failure, "ModelStreamInfer").getDescription();
    // The request's identity goes back with the error so that the client can match them up.
    return ModelStreamInferResponse.newBuilder()
        .setErrorMessage(message != null ? message : "request failed")
        .setInferResponse(
            ModelInferResponse.newBuilder()
                .setModelName(request.getModelName())
                .setModelVersion(request.getModelVersion())
                .setId(request.getId()))
        .build();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    do {
      Pending head;
      while ((head = pending.peek()) != null && head.answer().isDone()) {
        pending.poll();
        if (!out.isCancelled()) {
          out.onNext(head.answer().join());
          out.request(1);
        }
      }
      if (halfClosed && pending.isEmpty() && !completed && !out.isCancelled()) {
        completed = true;
        out.onCompleted();
      }
    } while (wip.decrementAndGet() != 0);
  }

  private void cancelAll() {
    for (Pending p : pending) {
      CompletableFuture<InferenceResponse> f = p.engineFuture();
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
