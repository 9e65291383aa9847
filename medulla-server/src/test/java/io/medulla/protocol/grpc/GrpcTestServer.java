package io.medulla.protocol.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.medulla.inference.RequestId;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.testing.FakeInferenceEngine;
import io.medulla.time.ManualTicker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Serves a {@link GrpcInferenceService} on a loopback port, with a plaintext client channel. */
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
    this(limits, false);
  }

  GrpcTestServer(GrpcLimits limits, boolean trustTenantHeader) {
    AtomicLong ids = new AtomicLong();
    GrpcInferenceService service =
        new GrpcInferenceService(
            engine,
            ticker,
            limits,
            () -> new RequestId("req-" + ids.incrementAndGet()),
            trustTenantHeader);
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .maxInboundMessageSize(limits.maxMessageBytes())
              .addService(service)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel =
        NettyChannelBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()))
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
    server.shutdownNow();
    channel.awaitTermination(10, TimeUnit.SECONDS);
    server.awaitTermination(10, TimeUnit.SECONDS);
  }
}
