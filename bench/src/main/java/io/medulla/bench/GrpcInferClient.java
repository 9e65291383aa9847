package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.medulla.inference.Tensor;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Sends the benchmark request through the server's gRPC port with grpc-java's async stub over one
 * plaintext HTTP/2 connection, inputs in {@code raw_input_contents}, as Triton's clients do.
 *
 * <p>Callbacks run on the channel's network thread ({@code directExecutor}): the client adds no
 * thread pool of its own to the two cores it shares with the server.
 */
final class GrpcInferClient implements AsyncTarget, AutoCloseable {
  private final ManagedChannel channel;
  private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub;
  private final BenchModel model;
  private final ModelInferRequest request;

  GrpcInferClient(String host, int port, BenchModel model) {
    this.model = requireNonNull(model, "model");
    this.channel =
        Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create())
            .directExecutor()
            .build();
    this.stub = GRPCInferenceServiceGrpc.newStub(channel);
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model.name());
    for (Tensor input : model.inputs()) {
      b.addInputs(
          ModelInferRequest.InferInputTensor.newBuilder()
              .setName(input.name())
              .setDatatype(input.dataType().name())
              .addAllShape(input.shape().toList()));
      b.addRawInputContents(ByteString.copyFrom(input.data()));
    }
    this.request = b.build();
  }

  @Override
  public CompletableFuture<?> send() {
    Call call = new Call();
    stub.modelInfer(request, call);
    return call.done;
  }

  /** Completes a future with the one response of a unary call, after checking its size. */
  private final class Call implements StreamObserver<ModelInferResponse> {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private @Nullable ModelInferResponse response;

    @Override
    public void onNext(ModelInferResponse value) {
      response = value;
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      ModelInferResponse r = response;
      if (r == null) {
        done.completeExceptionally(
            new IllegalStateException("the call completed without a response"));
        return;
      }
      try {
        long bytes = 0;
        for (ByteString raw : r.getRawOutputContentsList()) {
          bytes += raw.size();
        }
        model.checkOutputBytes(bytes);
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    }
  }

  /** Closes the channel, waiting briefly for it to end. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
