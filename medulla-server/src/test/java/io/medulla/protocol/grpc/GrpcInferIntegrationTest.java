package io.medulla.protocol.grpc;

import static io.medulla.protocol.grpc.WireRequests.floats;
import static io.medulla.protocol.grpc.WireRequests.input;
import static io.medulla.protocol.grpc.WireRequests.range;
import static io.medulla.protocol.grpc.WireRequests.rawFloats;
import static io.medulla.protocol.grpc.WireRequests.rawInts;
import static io.medulla.protocol.grpc.WireRequests.simpleRaw;
import static io.medulla.protocol.grpc.WireRequests.simpleTyped;
import static io.medulla.protocol.grpc.WireRequests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.RequestContext;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensors;
import io.medulla.protocol.grpc.proto.InferParameter;
import io.medulla.protocol.grpc.proto.InferTensorContents;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferRequest.InferRequestedOutputTensor;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcInferIntegrationTest {
  private final GrpcTestServer server = new GrpcTestServer();

  @AfterEach
  void close() throws InterruptedException {
    server.close();
  }

  @Test
  void rawInputsAreAddedAndSubtractedLikeTritonsSimpleModel() {
    ModelInferResponse r = server.blocking().modelInfer(simpleRaw().setId("my-id").build());

    assertThat(r.getModelName()).isEqualTo("simple");
    assertThat(r.getModelVersion()).isEqualTo("1");
    assertThat(r.getId()).isEqualTo("my-id");
    assertThat(r.getOutputsList())
        .extracting(o -> o.getName())
        .containsExactly("OUTPUT0", "OUTPUT1");
    assertThat(r.getOutputs(0).getDatatype()).isEqualTo("INT32");
    assertThat(r.getOutputs(0).getShapeList()).containsExactly(1L, 16L);
    assertThat(r.getOutputs(0).hasContents()).isFalse();
    assertThat(rawInts(r, 0)).containsExactly(range(1, 16));
    assertThat(rawInts(r, 1)).containsExactly(range(-1, 16));
  }

  @Test
  void typedInputsGiveTheSameAnswerAsRawOnes() {
    ModelInferResponse typed = server.blocking().modelInfer(simpleTyped().build());
    ModelInferResponse raw = server.blocking().modelInfer(simpleRaw().build());

    assertThat(typed.getRawOutputContentsList()).isEqualTo(raw.getRawOutputContentsList());
  }

  @Test
  void rawInputsReachTheEngineAsTensors() {
    server.blocking().modelInfer(simpleRaw().build());

    InferenceRequest received = server.engine.received().get(0);
    assertThat(received.inputs()).extracting(t -> t.name()).containsExactly("INPUT0", "INPUT1");
    assertThat(Tensors.toInts(received.inputs().get(0))).containsExactly(range(0, 16));
  }

  @Test
  void fp32TypedContentsAreDecoded() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("double")
            .addInputs(
                input("x", "FP32", 3).toBuilder()
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addAllFp32Contents(List.of(1f, 2.5f, -3f))))
            .build();

    ModelInferResponse r = server.blocking().modelInfer(request);

    assertThat(r.getOutputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(rawFloats(r, 0)).containsExactly(2f, 5f, -6f);
  }

  @Test
  void fp32RawContentsAreDecoded() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("double")
            .addInputs(input("x", "FP32", 2, 2))
            .addRawInputContents(floats(1, 2, 3, 4))
            .build();

    ModelInferResponse r = server.blocking().modelInfer(request);

    assertThat(r.getOutputs(0).getShapeList()).containsExactly(2L, 2L);
    assertThat(rawFloats(r, 0)).containsExactly(2f, 4f, 6f, 8f);
  }

  @Test
  void bytesTensorsTravelAsLengthPrefixedRawData() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("reverse")
            .addInputs(input("text", "BYTES", 2))
            .addRawInputContents(strings("abc", "héllo"))
            .build();

    ModelInferResponse r = server.blocking().modelInfer(request);

    assertThat(r.getOutputs(0).getDatatype()).isEqualTo("BYTES");
    assertThat(r.getRawOutputContents(0)).isEqualTo(strings("cba", "olléh"));
  }

  @Test
  void bytesTypedContentsAreDecoded() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("reverse")
            .addInputs(
                input("text", "BYTES", 2).toBuilder()
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addBytesContents(ByteString.copyFromUtf8("ab"))
                            .addBytesContents(ByteString.EMPTY)))
            .build();

    ModelInferResponse r = server.blocking().modelInfer(request);

    assertThat(r.getRawOutputContents(0)).isEqualTo(strings("ba", ""));
  }

  @Test
  void requestedOutputsAreAnsweredInTheOrderAsked() {
    ModelInferRequest request =
        simpleRaw()
            .addOutputs(
                InferRequestedOutputTensor.newBuilder()
                    .setName("OUTPUT1")
                    .putParameters(
                        "binary_data", InferParameter.newBuilder().setBoolParam(true).build()))
            .build();

    ModelInferResponse r = server.blocking().modelInfer(request);

    assertThat(r.getOutputsList()).extracting(o -> o.getName()).containsExactly("OUTPUT1");
    var asked = server.engine.received().get(0).outputs();
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).name()).isEqualTo("OUTPUT1");
    assertThat(asked.get(0).parameters()).containsEntry("binary_data", true);
  }

  @Test
  void requestParametersPassThroughAndResponseParametersComeBack() {
    ModelInferRequest request =
        simpleRaw()
            .putParameters("flag", InferParameter.newBuilder().setBoolParam(true).build())
            .putParameters("count", InferParameter.newBuilder().setInt64Param(-7).build())
            .putParameters("big", InferParameter.newBuilder().setUint64Param(7).build())
            .putParameters("ratio", InferParameter.newBuilder().setDoubleParam(0.5).build())
            .putParameters("tag", InferParameter.newBuilder().setStringParam("x").build())
            .build();

    ModelInferResponse r = server.blocking().modelInfer(request);

    assertThat(server.engine.received().get(0).parameters())
        .containsEntry("flag", true)
        .containsEntry("count", -7L)
        .containsEntry("big", 7L)
        .containsEntry("ratio", 0.5)
        .containsEntry("tag", "x");
    assertThat(r.getParametersMap().get("echoed_parameters").getInt64Param()).isEqualTo(5);
  }

  @Test
  void priorityAndTimeoutBecomeTheRequestContext() {
    server.ticker.advance(java.time.Duration.ofSeconds(3));
    ModelInferRequest request =
        simpleRaw()
            .putParameters("priority", InferParameter.newBuilder().setUint64Param(2).build())
            .putParameters("timeout", InferParameter.newBuilder().setInt64Param(5_000).build())
            .build();

    server.blocking().modelInfer(request);

    InferenceRequest received = server.engine.received().get(0);
    RequestContext ctx = received.context();
    assertThat(ctx.priority()).isEqualTo(2);
    assertThat(ctx.arrivalNanos()).isEqualTo(3_000_000_000L);
    assertThat(ctx.deadline().isSet()).isTrue();
    assertThat(ctx.deadline().expiresAtNanos()).isEqualTo(3_000_000_000L + 5_000_000L);
    assertThat(ctx.tenant()).isEqualTo(TenantId.DEFAULT);
    assertThat(ctx.principal()).isEqualTo(RequestContext.ANONYMOUS);
    assertThat(ctx.requestId().value()).isEqualTo("req-1");
    assertThat(received.parameters()).doesNotContainKeys("priority", "timeout");
  }

  @Test
  void requestsWithoutTimeoutOrCallDeadlineHaveNoDeadline() {
    server.blocking().modelInfer(simpleRaw().build());

    RequestContext ctx = server.engine.received().get(0).context();
    assertThat(ctx.deadline().isSet()).isFalse();
    assertThat(ctx.priority()).isZero();
  }

  @Test
  void theCallDeadlineBoundsALongerTimeoutParameter() {
    ModelInferRequest request =
        simpleRaw()
            .putParameters(
                "timeout", InferParameter.newBuilder().setInt64Param(3_600_000_000L).build())
            .build();

    server.blocking().withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(request);

    RequestContext ctx = server.engine.received().get(0).context();
    assertThat(ctx.deadline().remaining(0).toNanos()).isBetween(1L, 30_000_000_000L);
  }

  @Test
  void theCallDeadlineAloneSetsTheDeadline() {
    server.blocking().withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(simpleRaw().build());

    RequestContext ctx = server.engine.received().get(0).context();
    assertThat(ctx.deadline().isSet()).isTrue();
    assertThat(ctx.deadline().remaining(0).toNanos()).isBetween(1L, 30_000_000_000L);
  }
}
