package io.medulla.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.repository.InstanceGroup.Kind;
import io.medulla.repository.ModelWarmup.WarmupInput;
import io.medulla.repository.ModelWarmup.WarmupInput.Source;
import io.medulla.repository.QueuePolicy.TimeoutAction;
import io.medulla.runtime.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelConfigReaderTest {
  private static ConfigDraft read(String text) {
    return ModelConfigReader.read("simple/config.pbtxt", text, "simple");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ModelConfigReaderTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsEveryFieldMedullaUses() throws IOException {
    ConfigDraft d =
        ModelConfigReader.read("full/config.pbtxt", resource("full_config.pbtxt"), "full");

    assertThat(d.name()).isEqualTo("full");
    assertThat(d.platform()).isEqualTo("onnxruntime_onnx");
    assertThat(d.backend()).isEqualTo("onnxruntime");
    assertThat(d.maxBatchSize()).isEqualTo(8);
    assertThat(d.defaultModelFilename()).isEqualTo("net.onnx");
    assertThat(d.versionPolicy()).isEqualTo(new VersionPolicy.Specific(List.of(1L, 3L)));

    TensorDraft in0 = d.inputs().get(0);
    assertThat(in0.name()).isEqualTo("INPUT0");
    assertThat(in0.dataType()).isEqualTo(DataType.FP32);
    assertThat(in0.dims()).isEqualTo(Shape.of(16));
    assertThat(in0.reshape()).isNull();
    assertThat(in0.optional()).isFalse();
    TensorDraft in1 = d.inputs().get(1);
    assertThat(in1.dataType()).isEqualTo(DataType.BYTES);
    assertThat(in1.dims()).isEqualTo(Shape.of(-1));
    assertThat(in1.reshape()).isEqualTo(Shape.of());
    assertThat(in1.optional()).isTrue();
    TensorDraft out = d.outputs().get(0);
    assertThat(out.dataType()).isEqualTo(DataType.INT64);
    assertThat(out.dims()).isEqualTo(Shape.of(4, 4));
    assertThat(out.reshape()).isEqualTo(Shape.of(16));
    assertThat(out.labelFilename()).isEqualTo("labels.txt");

    assertThat(d.instanceGroups())
        .containsExactly(
            new InstanceGroup("g0", 2, Kind.KIND_GPU, List.of(0, 1)),
            new InstanceGroup("", 1, Kind.KIND_CPU, List.of()));

    DynamicBatching b = d.dynamicBatching();
    assertThat(b).isNotNull();
    assertThat(b.preferredBatchSizes()).containsExactly(4, 8);
    assertThat(b.maxQueueDelayMicroseconds()).isEqualTo(100);
    assertThat(b.preserveOrdering()).isTrue();
    assertThat(b.priorityLevels()).isEqualTo(2);
    assertThat(b.defaultPriorityLevel()).isEqualTo(1);
    assertThat(b.defaultQueuePolicy())
        .isEqualTo(new QueuePolicy(TimeoutAction.DELAY, 5000, true, 32));
    assertThat(b.priorityQueuePolicy())
        .isEqualTo(Map.of(2, new QueuePolicy(TimeoutAction.REJECT, 0, false, 4)));

    assertThat(d.modelWarmup())
        .containsExactly(
            new ModelWarmup(
                "zeros",
                2,
                Map.of("INPUT0", new WarmupInput(DataType.FP32, Shape.of(16), Source.ZERO, "")),
                3),
            new ModelWarmup(
                "file",
                1,
                Map.of(
                    "INPUT0",
                    new WarmupInput(DataType.FP32, Shape.of(16), Source.FILE, "raw_input0"),
                    "INPUT1",
                    new WarmupInput(DataType.BYTES, Shape.of(1), Source.RANDOM, "")),
                1));

    assertThat(d.parameters())
        .isEqualTo(Map.of("intra_op_thread_count", "2", "enable_mem_pattern", "0"));
    assertThat(d.gpuExecutionAccelerators())
        .containsExactly(new ExecutionAccelerator("tensorrt", Map.of("precision_mode", "FP16")));
    assertThat(d.cpuExecutionAccelerators())
        .containsExactly(new ExecutionAccelerator("openvino", Map.of()));
  }

  @Test
  void absentFieldsTakeTritonDefaults() {
    ConfigDraft d = read("");
    assertThat(d.name()).isEqualTo("simple");
    assertThat(d.maxBatchSize()).isNull();
    assertThat(d.inputs()).isEmpty();
    assertThat(d.versionPolicy()).isEqualTo(new VersionPolicy.Latest(1));
    assertThat(d.dynamicBatching()).isNull();
    assertThat(d.defaultModelFilename()).isEmpty();
  }

  @Test
  void readsLatestAndAllVersionPolicies() {
    assertThat(read("version_policy { latest { num_versions: 2 } }").versionPolicy())
        .isEqualTo(new VersionPolicy.Latest(2));
    assertThat(read("version_policy: { all { } }").versionPolicy())
        .isEqualTo(new VersionPolicy.All());
  }

  @Test
  void emptyDynamicBatchingGetsDefaults() {
    DynamicBatching b = read("max_batch_size: 4 dynamic_batching { }").dynamicBatching();
    assertThat(b)
        .isEqualTo(
            new DynamicBatching(List.of(), 0, false, 0, 0, QueuePolicy.defaults(), Map.of()));
  }

  @Test
  void inputWithoutTypeOrDimsIsKeptPartial() {
    TensorDraft t = read("input { name: \"x\" }").inputs().get(0);
    assertThat(t.dataType()).isNull();
    assertThat(t.dims()).isNull();
    assertThat(t.path()).isEqualTo("input[0]");
    assertThat(t.location()).isEqualTo("simple/config.pbtxt:1:7");
  }

  @Test
  void unknownDataTypeIsRejectedWithFileLineColumnFieldAndChoices() {
    String text =
        "name: \"simple\"\n"
            + "input [\n"
            + "  { name: \"a\" data_type: TYPE_FP32 dims: [1] },\n"
            + "  {\n"
            + "    name: \"b\"\n"
            + "    data_type: TYPE_FLOAT\n"
            + "  }\n"
            + "]\n";
    assertThatThrownBy(() -> read(text))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "simple/config.pbtxt:6:16: input[1].data_type: 'TYPE_FLOAT' is not a data type"
                + " (expected one of TYPE_BOOL, TYPE_UINT8, TYPE_UINT16, TYPE_UINT32, TYPE_UINT64,"
                + " TYPE_INT8, TYPE_INT16, TYPE_INT32, TYPE_INT64, TYPE_FP16, TYPE_FP32, TYPE_FP64,"
                + " TYPE_BF16, TYPE_STRING)");
  }

  @Test
  void unknownFieldIsRejectedByName() {
    assertThatThrownBy(() -> read("name: \"simple\"\nmax_batch: 4"))
        .hasMessageStartingWith(
            "simple/config.pbtxt:2:1: max_batch: unknown field (expected one of ");
  }

  @Test
  void unknownNestedFieldIsRejectedWithItsPath() {
    assertThatThrownBy(() -> read("input { name: \"x\" shape: [1] }"))
        .hasMessageStartingWith("simple/config.pbtxt:1:19: input[0].shape: unknown field");
  }

  @Test
  void tritonFieldsMedullaDoesNotUseAreIgnored() {
    ConfigDraft d =
        read(
            "ensemble_scheduling { step [ { model_name: \"a\" } ] }\n"
                + "input { name: \"x\" format: FORMAT_NCHW allow_ragged_batch: true }\n"
                + "instance_group { count: 1 rate_limiter { resources { name: \"r\" count: 1 } } }");
    assertThat(d.inputs()).hasSize(1);
  }

  @Test
  void nameMustMatchTheFolder() {
    assertThatThrownBy(() -> read("name: \"other\""))
        .hasMessage(
            "simple/config.pbtxt:1:7: name: 'other' does not match the model folder 'simple'"
                + " (expected: equal)");
  }

  @Test
  void singularFieldSetTwiceIsRejected() {
    assertThatThrownBy(() -> read("max_batch_size: 1\nmax_batch_size: 2"))
        .hasMessage(
            "simple/config.pbtxt:2:1: max_batch_size: set more than once (expected: at most once)");
  }

  @Test
  void wrongValueKindsAreRejected() {
    assertThatThrownBy(() -> read("max_batch_size: \"8\""))
        .hasMessage(
            "simple/config.pbtxt:1:17: max_batch_size: \"8\" is not an integer (expected an integer)");
    assertThatThrownBy(() -> read("max_batch_size: -1"))
        .hasMessage(
            "simple/config.pbtxt:1:17: max_batch_size: -1 is out of range (expected: >= 0)");
    assertThatThrownBy(() -> read("input { name: x }"))
        .hasMessage(
            "simple/config.pbtxt:1:15: input[0].name: 'x' is not a string (expected a quoted string)");
    assertThatThrownBy(() -> read("input { name: \"x\" optional: maybe }"))
        .hasMessageContaining("input[0].optional: 'maybe' is not a boolean");
    assertThatThrownBy(() -> read("instance_group { kind: KIND_TPU }"))
        .hasMessageContaining(
            "instance_group[0].kind: 'KIND_TPU' is not an instance kind (expected one of KIND_AUTO, KIND_CPU, KIND_GPU, KIND_MODEL)");
    assertThatThrownBy(() -> read("input { name: \"x\" dims: [-2] }"))
        .hasMessageContaining("input[0].dims: -2 is out of range (expected: >= -1)");
    assertThatThrownBy(() -> read("max_batch_size { }"))
        .hasMessage("simple/config.pbtxt:1:16: max_batch_size: expected a value, found a message");
  }

  @Test
  void inconsistentBatchingSettingsAreRejected() {
    assertThatThrownBy(
            () -> read("dynamic_batching { priority_levels: 2 default_priority_level: 3 }"))
        .hasMessageContaining(
            "dynamic_batching.default_priority_level: 3 is out of range (expected: 1..2");
    assertThatThrownBy(
            () -> read("dynamic_batching { priority_queue_policy { key: 1 value: { } } }"))
        .hasMessageContaining("priority_queue_policy[0].key: set but priority_levels is 0");
    assertThatThrownBy(
            () -> read("dynamic_batching { default_queue_policy { timeout_action: DROP } }"))
        .hasMessageContaining(
            "dynamic_batching.default_queue_policy.timeout_action: 'DROP' is not a timeout action"
                + " (expected one of REJECT, DELAY)");
  }

  @Test
  void versionPolicyNeedsExactlyOneChoice() {
    assertThatThrownBy(() -> read("version_policy { all {} latest {} }"))
        .hasMessageContaining(
            "version_policy.latest: exactly one of latest, all, specific must be set (found 2)");
    assertThatThrownBy(() -> read("version_policy { latest { num_versions: 0 } }"))
        .hasMessageContaining(
            "version_policy.latest.num_versions: 0 is out of range (expected: >= 1)");
  }

  @Test
  void warmupInputNeedsExactlyOneDataSource() {
    assertThatThrownBy(
            () ->
                read(
                    "model_warmup { inputs { key: \"x\" value: { data_type: TYPE_FP32 dims: 1 } } }"))
        .hasMessageContaining(
            "model_warmup[0].inputs[0].value.zero_data: exactly one of zero_data, random_data,"
                + " input_data_file must be set (found 0)");
  }
}
