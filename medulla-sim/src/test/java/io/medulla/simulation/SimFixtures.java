package io.medulla.simulation;

import io.medulla.graph.ErrorPolicy;
import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphOutput;
import io.medulla.graph.GraphStep;
import io.medulla.graph.StepCall;
import io.medulla.graph.TensorRef;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.scheduling.BatchPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Models, graphs and workloads shared by the simulator tests. */
final class SimFixtures {
  private SimFixtures() {}

  /** Returns a model without a batch dimension, served in arrival order. */
  static SimulatedModel unbatched(String name, int instances) {
    return SimulatedModel.of(name, instances, BatchPolicy.fifo(0, List.of(), Duration.ZERO));
  }

  /** Returns a model under the clinical defaults (four classes) without batching. */
  static SimulatedModel clinical(String name, int instances) {
    return SimulatedModel.of(
        name, instances, BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO));
  }

  /** Returns a batching model under the clinical defaults. */
  static SimulatedModel batching(
      String name, int instances, int maxBatch, List<Integer> preferred, Duration maxQueueDelay) {
    return SimulatedModel.of(
        name, instances, BatchPolicy.clinicalDefaults(maxBatch, preferred, maxQueueDelay));
  }

  static ExecutionPercentiles constant(long millis) {
    return ExecutionPercentiles.constant(Duration.ofMillis(millis));
  }

  static ExecutionPercentiles spread(double p50Millis, double p99Millis) {
    return new ExecutionPercentiles(
        Duration.ofNanos(Math.round(p50Millis * 1e6)),
        Duration.ofNanos(Math.round(p99Millis * 1e6)));
  }

  static TensorSpec fp32(String name, long width) {
    return TensorSpec.of(name, DataType.FP32, Shape.of(-1, width));
  }

  /**
   * Returns two batching models, {@code detect} (image FP32[-1,4] → boxes FP32[-1,2]) and {@code
   * grade} (boxes → grade FP32[-1,1]), for {@link #twoStepGraph()}.
   */
  static List<SimulatedModel> graphModels(BatchPolicy policy) {
    return List.of(
        new SimulatedModel(
            "detect", 1, policy, List.of(fp32("image", 4)), List.of(fp32("boxes", 2))),
        new SimulatedModel(
            "grade", 1, policy, List.of(fp32("boxes", 2)), List.of(fp32("grade", 1))));
  }

  /** Returns the graph {@code triage}: detect, then grade its boxes. */
  static GraphDefinition twoStepGraph() {
    return new GraphDefinition(
        "triage",
        List.of(fp32("image", 4)),
        List.of(
            new GraphOutput(
                "grade", DataType.FP32, Shape.of(-1, 1), TensorRef.parse("grade.grade"), false)),
        List.of(
            modelStep("detect", "detect", "image", "inputs.image"),
            modelStep("grade", "grade", "boxes", "detect.boxes")));
  }

  private static GraphStep modelStep(String name, String model, String input, String from) {
    Map<String, TensorRef> inputs = new LinkedHashMap<>();
    inputs.put(input, TensorRef.parse(from));
    return new GraphStep(
        name, new StepCall.Model(model, ""), inputs, List.of(), null, ErrorPolicy.FAIL);
  }

  /** Returns one tenant's one Poisson stream of ROUTINE requests at a constant rate. */
  static Workload steady(String target, double requestsPerSecond, long seed) {
    return Workload.of(
        seed,
        TenantWorkload.of(
            "clinic", RequestStream.of(target, ArrivalPattern.constant(requestsPerSecond))));
  }
}
