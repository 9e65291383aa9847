package io.medulla.protocol.grpc;

import static io.medulla.protocol.grpc.WireRequests.floats;
import static io.medulla.protocol.grpc.WireRequests.input;
import static io.medulla.protocol.grpc.WireRequests.simpleRaw;
import static io.medulla.protocol.grpc.WireRequests.simpleTyped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.medulla.protocol.grpc.proto.InferParameter;
import io.medulla.protocol.grpc.proto.InferTensorContents;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferRequest.InferInputTensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcInferValidationIntegrationTest {
  private final GrpcTestServer server = new GrpcTestServer();

  @AfterEach
  void close() throws InterruptedException {
    server.close();
  }

  private StatusRuntimeException fail(ModelInferRequest request) {
    return catchThrowableOfType(
        StatusRuntimeException.class, () -> server.blocking().modelInfer(request));
  }

  @Test
  void unknownModelIsNotFound() {
    StatusRuntimeException e = fail(simpleRaw().setModelName("nope").build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).contains("'nope'");
  }

  @Test
  void emptyModelNameIsRejected() {
    StatusRuntimeException e = fail(simpleRaw().setModelName("").build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("model_name");
  }

  @Test
  void rawContentsCountMustMatchTheInputs() {
    ModelInferRequest.Builder b = simpleRaw();
    var first = b.getRawInputContents(0);
    b.clearRawInputContents().addRawInputContents(first);

    StatusRuntimeException e = fail(b.build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("raw_input_contents: 1 entries for 2 inputs");
    assertThat(server.engine.received()).isEmpty();
  }

  @Test
  void rawSizeMustMatchShapeTimesTypeSize() {
    StatusRuntimeException e =
        fail(simpleRaw().setRawInputContents(1, WireRequests.ints(1, 2, 3)).build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("'INPUT1'")
        .contains("12 bytes")
        .contains("expected: 64 bytes");
  }

  @Test
  void typedCountMustMatchTheShape() {
    ModelInferRequest.Builder b = simpleTyped();
    InferInputTensor in = b.getInputs(0);
    b.setInputs(0, in.toBuilder().setContents(in.getContents().toBuilder().addIntContents(99)));

    StatusRuntimeException e = fail(b.build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("'INPUT0'")
        .contains("17 values in contents.int_contents")
        .contains("expected: 16");
  }

  @Test
  void typedContentsInTheWrongFieldAreRejected() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("double")
            .addInputs(
                input("x", "FP32", 1).toBuilder()
                    .setContents(InferTensorContents.newBuilder().addIntContents(1)))
            .build();

    StatusRuntimeException e = fail(request);

    assertThat(e.getStatus().getDescription()).contains("'x'").contains("fp32_contents");
  }

  @Test
  void mixingRawAndTypedInputsIsRejected() {
    ModelInferRequest.Builder b = simpleRaw();
    b.setInputs(0, simpleTyped().getInputs(0));

    StatusRuntimeException e = fail(b.build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("'INPUT0'").contains("raw_input_contents");
  }

  @Test
  void negativeDimensionsAreRejected() {
    ModelInferRequest.Builder b = simpleRaw();
    b.setInputs(1, input("INPUT1", "INT32", 1, -16));

    StatusRuntimeException e = fail(b.build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("'INPUT1'").contains("shape[1] is -16");
  }

  @Test
  void unknownDatatypeIsRejected() {
    ModelInferRequest.Builder b = simpleRaw();
    b.setInputs(0, input("INPUT0", "INT33", 1, 16));

    StatusRuntimeException e = fail(b.build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("'INPUT0'").contains("'INT33'");
  }

  @Test
  void fp16HasNoTypedContents() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("double")
            .addInputs(
                input("x", "FP16", 0).toBuilder()
                    .setContents(InferTensorContents.getDefaultInstance()))
            .build();

    StatusRuntimeException e = fail(request);

    assertThat(e.getStatus().getDescription()).contains("'x'").contains("raw_input_contents");
  }

  @Test
  void outOfRangeTypedValuesAreRejectedWithoutEchoingThem() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("double")
            .addInputs(
                input("x", "INT8", 2).toBuilder()
                    .setContents(
                        InferTensorContents.newBuilder().addIntContents(1).addIntContents(4242)))
            .build();

    StatusRuntimeException e = fail(request);

    assertThat(e.getStatus().getDescription())
        .contains("'x'")
        .contains("element 1")
        .doesNotContain("4242");
  }

  @Test
  void duplicateInputNamesAreRejected() {
    ModelInferRequest.Builder b = simpleRaw();
    b.setInputs(1, input("INPUT0", "INT32", 1, 16));

    StatusRuntimeException e = fail(b.build());

    assertThat(e.getStatus().getDescription()).contains("'INPUT0'").contains("more than once");
  }

  @Test
  void malformedBytesDataIsRejected() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("reverse")
            .addInputs(input("text", "BYTES", 1))
            .addRawInputContents(floats(1e9f))
            .build();

    StatusRuntimeException e = fail(request);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("'text'");
  }

  @Test
  void negativePriorityIsRejected() {
    StatusRuntimeException e =
        fail(
            simpleRaw()
                .putParameters("priority", InferParameter.newBuilder().setInt64Param(-1).build())
                .build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("'priority'");
  }

  @Test
  void stringTimeoutIsRejected() {
    StatusRuntimeException e =
        fail(
            simpleRaw()
                .putParameters("timeout", InferParameter.newBuilder().setStringParam("5s").build())
                .build());

    assertThat(e.getStatus().getDescription()).contains("'timeout'");
  }

  @Test
  void modelFailuresKeepTheirStatusAndMessage() {
    // The "simple" model itself reports a missing input as INVALID_ARGUMENT.
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("simple")
            .addInputs(simpleRaw().getInputs(0))
            .addRawInputContents(simpleRaw().getRawInputContents(0))
            .build();

    StatusRuntimeException e = fail(request);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("missing input 'INPUT1'");
  }

  @Test
  void responsesOverTheMessageLimitFailCleanly() throws InterruptedException {
    try (GrpcTestServer small = new GrpcTestServer(new GrpcLimits(200, 4))) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class, () -> small.blocking().modelInfer(simpleRaw().build()));

      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(e.getStatus().getDescription()).contains("limit: 200 bytes");
    }
  }
}
