package io.medulla.protocol.grpc;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.annotation.Blocking;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestId;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ModelConfigRequest;
import io.medulla.protocol.grpc.proto.ModelConfigResponse;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import io.medulla.protocol.grpc.proto.ModelMetadataRequest;
import io.medulla.protocol.grpc.proto.ModelMetadataResponse;
import io.medulla.protocol.grpc.proto.ModelReadyRequest;
import io.medulla.protocol.grpc.proto.ModelReadyResponse;
import io.medulla.protocol.grpc.proto.ModelStatisticsRequest;
import io.medulla.protocol.grpc.proto.ModelStatisticsResponse;
import io.medulla.protocol.grpc.proto.ModelStreamInferResponse;
import io.medulla.protocol.grpc.proto.RepositoryIndexRequest;
import io.medulla.protocol.grpc.proto.RepositoryIndexResponse;
import io.medulla.protocol.grpc.proto.RepositoryModelLoadRequest;
import io.medulla.protocol.grpc.proto.RepositoryModelLoadResponse;
import io.medulla.protocol.grpc.proto.RepositoryModelUnloadRequest;
import io.medulla.protocol.grpc.proto.RepositoryModelUnloadResponse;
import io.medulla.protocol.grpc.proto.ServerLiveRequest;
import io.medulla.protocol.grpc.proto.ServerLiveResponse;
import io.medulla.protocol.grpc.proto.ServerMetadataRequest;
import io.medulla.protocol.grpc.proto.ServerMetadataResponse;
import io.medulla.protocol.grpc.proto.ServerReadyRequest;
import io.medulla.protocol.grpc.proto.ServerReadyResponse;
import io.medulla.time.Ticker;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code inference.GRPCInferenceService}, the Open Inference Protocol over gRPC as Triton
 * defines it, on an {@link InferenceEngine}. It only decodes and encodes: every decision is the
 * engine's.
 *
 * <p>Threading: inference RPCs never block; they answer when the engine's future completes, and
 * cancel it when the client cancels the call. Repository load and unload wait for the model (a load
 * takes seconds), so they are marked {@link Blocking}: Armeria runs them on its blocking executor
 * while everything else stays on the event loop, saving a thread hand-off per inference.
 */
public final class GrpcInferenceService
    implements GRPCInferenceServiceGrpc.AsyncService, BindableService {
  private static final Logger log = LoggerFactory.getLogger(GrpcInferenceService.class);

  private final InferenceEngine engine;
  private final GrpcLimits limits;
  private final InferCodec codec;

  /**
   * Creates the service. Calls reach it authenticated: the listener's {@link
   * io.medulla.protocol.CallerAuthentication} decorator runs first, and {@code engine} authorises
   * each call for its caller.
   *
   * @param engine answers every RPC
   * @param ticker the monotonic clock that request arrival times and deadlines are read from
   * @param limits message size and stream limits; the server configures its transport with the same
   *     {@link GrpcLimits#maxMessageBytes()}
   * @param requestIds supplies a fresh server-side id for each inference request
   */
  public GrpcInferenceService(
      InferenceEngine engine, Ticker ticker, GrpcLimits limits, Supplier<RequestId> requestIds) {
    this.engine = requireNonNull(engine, "engine");
    this.limits = requireNonNull(limits, "limits");
    this.codec = new InferCodec(new GrpcRequestContexts(ticker, requestIds), limits);
  }

  /** Returns the service definition. */
  @Override
  public ServerServiceDefinition bindService() {
    return GRPCInferenceServiceGrpc.bindService(this);
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
    unary(
        out, "ServerLive", () -> ServerLiveResponse.newBuilder().setLive(engine.isLive()).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    unary(
        out,
        "ServerReady",
        () -> ServerReadyResponse.newBuilder().setReady(engine.isReady()).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
    unary(
        out,
        "ModelReady",
        () ->
            ModelReadyResponse.newBuilder()
                .setReady(engine.isModelReady(request.getName(), request.getVersion()))
                .build());
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
    unary(out, "ServerMetadata", () -> MetadataProtos.toProto(engine.serverMetadata()));
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
    unary(
        out,
        "ModelMetadata",
        () ->
            MetadataProtos.toProto(engine.modelMetadata(request.getName(), request.getVersion())));
  }

  @Override
  public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
    unary(
        out,
        "ModelConfig",
        () ->
            ModelConfigResponse.newBuilder()
                .setConfig(
                    ModelConfigProtos.toProto(
                        engine.modelConfig(request.getName(), request.getVersion())))
                .build());
  }

  @Override
  public void modelStatistics(
      ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> out) {
    unary(
        out,
        "ModelStatistics",
        () -> StatisticsProtos.toProto(engine.statistics(request.getName(), request.getVersion())));
  }

  @Override
  public void repositoryIndex(
      RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> out) {
    unary(
        out,
        "RepositoryIndex",
        () -> {
          RepositoryParameters.check(request.getRepositoryName(), Map.of());
          return MetadataProtos.toProto(engine.repositoryIndex(request.getReady()));
        });
  }

  @Override
  @Blocking // waits for the model to load or drain; never on an event loop
  public void repositoryModelLoad(
      RepositoryModelLoadRequest request, StreamObserver<RepositoryModelLoadResponse> out) {
    unary(
        out,
        "RepositoryModelLoad",
        () -> {
          RepositoryParameters.check(request.getRepositoryName(), request.getParametersMap());
          engine.loadModel(request.getModelName());
          return RepositoryModelLoadResponse.getDefaultInstance();
        });
  }

  @Override
  @Blocking // waits for the model to load or drain; never on an event loop
  public void repositoryModelUnload(
      RepositoryModelUnloadRequest request, StreamObserver<RepositoryModelUnloadResponse> out) {
    unary(
        out,
        "RepositoryModelUnload",
        () -> {
          RepositoryParameters.check(request.getRepositoryName(), request.getParametersMap());
          engine.unloadModel(request.getModelName());
          return RepositoryModelUnloadResponse.getDefaultInstance();
        });
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
    ServerCallStreamObserver<ModelInferResponse> call =
        (ServerCallStreamObserver<ModelInferResponse>) out;
    CompletableFuture<InferenceResponse> answer;
    try {
      answer = engine.infer(codec.decode(request));
    } catch (RuntimeException e) {
      out.onError(GrpcErrors.exception(e, "ModelInfer"));
      return;
    }
    // A cancelled call no longer wants the answer: let the engine drop the request.
    call.setOnCancelHandler(() -> answer.cancel(false));
    // The callback itself reports every outcome; the future it returns has nothing left to say.
    var unused =
        answer.whenComplete(
            (response, failure) -> {
              if (call.isCancelled()) {
                return;
              }
              if (failure != null) {
                out.onError(GrpcErrors.exception(failure, "ModelInfer"));
                return;
              }
              ModelInferResponse encoded;
              try {
                encoded = codec.encode(response);
              } catch (RuntimeException e) {
                out.onError(GrpcErrors.exception(e, "ModelInfer"));
                return;
              }
              out.onNext(encoded);
              out.onCompleted();
            });
  }

  @Override
  public StreamObserver<ModelInferRequest> modelStreamInfer(
      StreamObserver<ModelStreamInferResponse> out) {
    return StreamInferCall.start(
        (ServerCallStreamObserver<ModelStreamInferResponse>) out,
        engine,
        codec,
        limits.maxStreamRequestsInFlight());
  }

  /** Answers a unary call with {@code body}'s result, or its failure as a status. */
  private static <T> void unary(StreamObserver<T> out, String rpc, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (RuntimeException e) {
      out.onError(GrpcErrors.exception(e, rpc));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }
}
