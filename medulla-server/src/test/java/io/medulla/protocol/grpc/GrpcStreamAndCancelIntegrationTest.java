package io.medulla.protocol.grpc;

import static io.medulla.protocol.grpc.WireRequests.floats;
import static io.medulla.protocol.grpc.WireRequests.input;
import static io.medulla.protocol.grpc.WireRequests.range;
import static io.medulla.protocol.grpc.WireRequests.rawFloats;
import static io.medulla.protocol.grpc.WireRequests.rawInts;
import static io.medulla.protocol.grpc.WireRequests.simpleRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensors;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import io.medulla.protocol.grpc.proto.ModelStreamInferResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcStreamAndCancelIntegrationTest {
  private GrpcTestServer server = new GrpcTestServer();

  @AfterEach
  void close() throws InterruptedException {
    server.close();
  }

  /** Collects a stream's responses and its end. */
  private static final class Collector implements StreamObserver<ModelStreamInferResponse> {
    final List<ModelStreamInferResponse> responses = new CopyOnWriteArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable error;

    @Override
    public void onNext(ModelStreamInferResponse r) {
      responses.add(r);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }
  }

  private static ModelInferRequest hang(String id) {
    return ModelInferRequest.newBuilder()
        .setModelName("hang")
        .setId(id)
        .addInputs(input("x", "FP32", 1))
        .addRawInputContents(floats(1))
        .build();
  }

  @Test
  void streamAnswersEachRequestInOrderAndReportsErrorsWithoutEndingTheStream()
      throws InterruptedException {
    Collector collector = new Collector();
    StreamObserver<ModelInferRequest> requests = server.async().modelStreamInfer(collector);

    requests.onNext(simpleRaw().setId("a").build());
    requests.onNext(simpleRaw().setId("b").setModelName("nope").build());
    requests.onNext(simpleRaw().setId("c").build());
    requests.onCompleted();

    assertThat(collector.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(collector.error).isNull();
    assertThat(collector.responses).hasSize(3);
    assertThat(collector.responses.get(0).getErrorMessage()).isEmpty();
    assertThat(rawInts(collector.responses.get(0).getInferResponse(), 0))
        .containsExactly(range(1, 16));
    assertThat(collector.responses.get(1).getErrorMessage()).contains("'nope'");
    assertThat(collector.responses.get(1).getInferResponse().getId()).isEqualTo("b");
    assertThat(collector.responses.get(2).getInferResponse().getId()).isEqualTo("c");
  }

  @Test
  void streamKeepsArrivalOrderWhenALaterRequestFinishesFirst() throws InterruptedException {
    Collector collector = new Collector();
    StreamObserver<ModelInferRequest> requests = server.async().modelStreamInfer(collector);

    requests.onNext(hang("slow"));
    assertThat(server.models.hangReceived.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    requests.onNext(simpleRaw().setId("fast").build());
    requests.onCompleted();
    server.models.hanging.get(0).complete(answer("slow"));

    assertThat(collector.done.await(10, TimeUnit.SECONDS))
        .as(
            () ->
                "responses "
                    + collector.responses.size()
                    + ", received "
                    + server.engine.received().size())
        .isTrue();
    assertThat(collector.error).isNull();
    assertThat(collector.responses)
        .extracting(r -> r.getInferResponse().getId())
        .containsExactly("slow", "fast");
    assertThat(rawFloats(collector.responses.get(0).getInferResponse(), 0)).containsExactly(7f);
  }

  @Test
  void streamHoldsBackRequestsBeyondTheInFlightLimit() throws InterruptedException {
    server.close();
    server = new GrpcTestServer(new GrpcLimits(GrpcLimits.DEFAULT_MAX_MESSAGE_BYTES, 2));
    Collector collector = new Collector();
    StreamObserver<ModelInferRequest> requests = server.async().modelStreamInfer(collector);

    for (int i = 0; i < 3; i++) {
      requests.onNext(hang("r" + i));
    }
    assertThat(server.models.hangReceived.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
    assertThat(server.engine.received()).hasSize(2);

    server.models.hanging.get(0).complete(answer("r0"));
    assertThat(server.models.hangReceived.tryAcquire(1, 10, TimeUnit.SECONDS)).isTrue();
    server.models.hanging.get(1).complete(answer("r1"));
    server.models.hanging.get(2).complete(answer("r2"));
    requests.onCompleted();

    assertThat(collector.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(collector.responses).hasSize(3);
  }

  @Test
  void cancellingAStreamCancelsItsRequestsInTheEngine() throws InterruptedException {
    Collector collector = new Collector();
    var requests =
        (ClientCallStreamObserver<ModelInferRequest>) server.async().modelStreamInfer(collector);
    requests.onNext(hang("x"));
    assertThat(server.models.hangReceived.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch engineDone = whenDone(server.models.hanging.get(0));

    requests.cancel("client gave up", null);

    assertThat(engineDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(server.models.hanging.get(0).isCancelled()).isTrue();
  }

  @Test
  void cancellingAUnaryCallCancelsTheEngineRequest() throws InterruptedException {
    ListenableFuture<ModelInferResponse> call = server.future().modelInfer(hang("x"));
    assertThat(server.models.hangReceived.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch engineDone = whenDone(server.models.hanging.get(0));

    call.cancel(true);

    assertThat(engineDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(server.models.hanging.get(0).isCancelled()).isTrue();
  }

  private static CountDownLatch whenDone(CompletableFuture<?> f) {
    CountDownLatch latch = new CountDownLatch(1);
    var unused = f.whenComplete((r, e) -> latch.countDown());
    return latch;
  }

  private static InferenceResponse answer(String id) {
    return new InferenceResponse(
        "hang", "1", id, List.of(Tensors.ofFloats("y", Shape.of(1), 7f)), Map.of());
  }
}
