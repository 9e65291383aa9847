package io.medulla.protocol.grpc;

import static io.medulla.protocol.grpc.WireRequests.range;
import static io.medulla.protocol.grpc.WireRequests.rawInts;
import static io.medulla.protocol.grpc.WireRequests.simpleRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.protocol.TestAuthentication;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import io.medulla.testing.FakeInferenceEngine;
import io.medulla.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the service in Armeria, the server's transport, wired as the composition root will. */
class GrpcArmeriaIntegrationTest {
  private static final FakeInferenceEngine engine = new TestModels().engine();
  private static Server server;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    GrpcInferenceService service =
        new GrpcInferenceService(
            engine, new ManualTicker(), GrpcLimits.defaults(), () -> new RequestId("r"));
    server =
        Server.builder()
            .http(0)
            .requestTimeout(Duration.ZERO)
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                GrpcService.builder()
                    .addService(service)
                    .maxRequestMessageLength(GrpcLimits.DEFAULT_MAX_MESSAGE_BYTES)
                    .maxResponseMessageLength(GrpcLimits.DEFAULT_MAX_MESSAGE_BYTES)
                    .useBlockingTaskExecutor(true)
                    .build())
            .decorator(TestAuthentication.decorator())
            .build();
    server.start().join();
    channel =
        NettyChannelBuilder.forAddress("localhost", server.activeLocalPort())
            .usePlaintext()
            .build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.stop().join();
  }

  private static GRPCInferenceServiceBlockingStub stub() {
    return GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  private static InferenceRequest lastReceived() {
    List<InferenceRequest> received = engine.received();
    return received.get(received.size() - 1);
  }

  @Test
  void inferenceWorksOverArmeria() {
    ModelInferResponse r = stub().modelInfer(simpleRaw().setId("plain").build());

    assertThat(rawInts(r, 0)).containsExactly(range(1, 16));
    assertThat(lastReceived().context().deadline().isSet()).isFalse();
  }

  @Test
  void armeriaCallDeadlineBoundsTheRequestDeadline() {
    stub().withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(simpleRaw().build());

    RequestContext ctx = lastReceived().context();
    assertThat(ctx.deadline().isSet()).isTrue();
    assertThat(ctx.deadline().remaining(0).toNanos()).isBetween(1L, 30_000_000_000L);
  }
}
