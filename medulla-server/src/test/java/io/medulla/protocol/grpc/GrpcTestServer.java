package io.medulla.protocol.grpc;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.medulla.inference.RequestId;
import io.medulla.protocol.TestAuthentication;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.testing.FakeInferenceEngine;
import io.medulla.time.ManualTicker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a {@link GrpcInferenceService} in Armeria on a loopback port, behind the real
 * authentication decorator (see {@link TestAuthentication}), with a plaintext client channel.
 */
final class GrpcTestServer implements AutoCloseable {
  final TestModels models = new TestModels();
  final FakeInferenceEngine engine = models.engine();
  final ManualTicker ticker = new ManualTicker();
  private final Server server;
  private final ManagedChannel channel;

  GrpcTestServer() {
    this(GrpcLimits.defaults());
  }

  GrpcTestServer(GrpcLimits limits) {
    AtomicLong ids = new AtomicLong();
    GrpcInferenceService service =
        new GrpcInferenceService(
            engine, ticker, limits, () -> new RequestId("req-" + ids.incrementAndGet()));
    server =
        Server.builder()
            .http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .requestTimeout(Duration.ZERO)
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                GrpcService.builder()
                    .addService(service)
                    .maxRequestMessageLength(limits.maxMessageBytes())
                    .maxResponseMessageLength(limits.maxMessageBytes())
                    .build())
            .decorator(TestAuthentication.decorator())
            .build();
    server.start().join();
    channel =
        NettyChannelBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.activeLocalPort()))
            .usePlaintext()
            .maxInboundMessageSize(limits.maxMessageBytes())
            .build();
  }

  GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking() {
    return GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub future() {
    return GRPCInferenceServiceGrpc.newFutureStub(channel);
  }

  GRPCInferenceServiceGrpc.GRPCInferenceServiceStub async() {
    return GRPCInferenceServiceGrpc.newStub(channel);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(10, TimeUnit.SECONDS);
    server.stop().join();
  }
}
