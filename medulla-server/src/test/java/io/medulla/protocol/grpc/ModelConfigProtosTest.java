package io.medulla.protocol.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.protocol.grpc.proto.ModelConfig;
import io.medulla.protocol.grpc.proto.ModelInstanceGroup;
import io.medulla.protocol.grpc.proto.ModelQueuePolicy;
import io.medulla.repository.DynamicBatching;
import io.medulla.repository.ExecutionAccelerator;
import io.medulla.repository.InstanceGroup;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.ModelWarmup;
import io.medulla.repository.QueuePolicy;
import io.medulla.repository.VersionPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelConfigProtosTest {
  private static io.medulla.repository.ModelConfig fullConfig() {
    return new io.medulla.repository.ModelConfig(
        "resnet",
        "onnxruntime_onnx",
        "onnxruntime",
        8,
        List.of(
            new ModelInput(
                "image", DataType.FP32, Shape.of(3, 224, 224), Shape.of(1, 3, 224, 224), true)),
        List.of(new ModelOutput("probs", DataType.FP16, Shape.of(1000), null, "labels.txt")),
        new VersionPolicy.Specific(List.of(1L, 3L)),
        List.of(new InstanceGroup("gpu", 2, InstanceGroup.Kind.KIND_GPU, List.of(0, 1))),
        new DynamicBatching(
            List.of(4, 8),
            100,
            true,
            2,
            1,
            new QueuePolicy(QueuePolicy.TimeoutAction.DELAY, 5000, true, 16),
            Map.of(2, QueuePolicy.defaults())),
        List.of(
            new ModelWarmup(
                "zeros",
                1,
                Map.of(
                    "image",
                    new ModelWarmup.WarmupInput(
                        DataType.FP32,
                        Shape.of(3, 224, 224),
                        ModelWarmup.WarmupInput.Source.ZERO,
                        "")),
                2)),
        Map.of("intra_op_thread_count", "2"),
        List.of(new ExecutionAccelerator("openvino", Map.of())),
        List.of(new ExecutionAccelerator("tensorrt", Map.of("precision_mode", "FP16"))),
        "model.onnx");
  }

  @Test
  void everyReportedFieldReachesTheProto() {
    ModelConfig c = ModelConfigProtos.toProto(fullConfig());

    assertThat(c.getName()).isEqualTo("resnet");
    assertThat(c.getPlatform()).isEqualTo("onnxruntime_onnx");
    assertThat(c.getBackend()).isEqualTo("onnxruntime");
    assertThat(c.getMaxBatchSize()).isEqualTo(8);
    assertThat(c.getInput(0).getDataType())
        .isEqualTo(io.medulla.protocol.grpc.proto.DataType.TYPE_FP32);
    assertThat(c.getInput(0).getDimsList()).containsExactly(3L, 224L, 224L);
    assertThat(c.getInput(0).getReshape().getShapeList()).containsExactly(1L, 3L, 224L, 224L);
    assertThat(c.getInput(0).getOptional()).isTrue();
    assertThat(c.getOutput(0).getDataType())
        .isEqualTo(io.medulla.protocol.grpc.proto.DataType.TYPE_FP16);
    assertThat(c.getOutput(0).hasReshape()).isFalse();
    assertThat(c.getOutput(0).getLabelFilename()).isEqualTo("labels.txt");
    assertThat(c.getVersionPolicy().getSpecific().getVersionsList()).containsExactly(1L, 3L);
    assertThat(c.getInstanceGroup(0).getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_GPU);
    assertThat(c.getInstanceGroup(0).getCount()).isEqualTo(2);
    assertThat(c.getInstanceGroup(0).getGpusList()).containsExactly(0, 1);
    assertThat(c.getDynamicBatching().getPreferredBatchSizeList()).containsExactly(4, 8);
    assertThat(c.getDynamicBatching().getMaxQueueDelayMicroseconds()).isEqualTo(100);
    assertThat(c.getDynamicBatching().getPriorityLevels()).isEqualTo(2);
    assertThat(c.getDynamicBatching().getDefaultQueuePolicy().getTimeoutAction())
        .isEqualTo(ModelQueuePolicy.TimeoutAction.DELAY);
    assertThat(c.getDynamicBatching().getDefaultQueuePolicy().getMaxQueueSize()).isEqualTo(16);
    assertThat(c.getDynamicBatching().getPriorityQueuePolicyMap()).containsKey(2L);
    assertThat(c.getModelWarmup(0).getInputsMap().get("image").getZeroData()).isTrue();
    assertThat(c.getModelWarmup(0).getCount()).isEqualTo(2);
    assertThat(c.getParametersMap().get("intra_op_thread_count").getStringValue()).isEqualTo("2");
    var acc = c.getOptimization().getExecutionAccelerators();
    assertThat(acc.getCpuExecutionAccelerator(0).getName()).isEqualTo("openvino");
    assertThat(acc.getGpuExecutionAccelerator(0).getParametersMap())
        .containsEntry("precision_mode", "FP16");
    assertThat(c.getDefaultModelFilename()).isEqualTo("model.onnx");
  }

  @Test
  void bytesIsReportedAsTypeString() {
    assertThat(ModelConfigProtos.dataType(DataType.BYTES))
        .isEqualTo(io.medulla.protocol.grpc.proto.DataType.TYPE_STRING);
  }

  @Test
  void modelsWithoutBatcherOrAcceleratorsLeaveThoseUnset() {
    ModelConfig c =
        ModelConfigProtos.toProto(
            io.medulla.testing.FakeInferenceEngine.config("m", 0, List.of(), List.of()));

    assertThat(c.hasDynamicBatching()).isFalse();
    assertThat(c.hasOptimization()).isFalse();
    assertThat(c.getVersionPolicy().hasLatest()).isTrue();
  }
}
