package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import io.medulla.graph.StepSignature;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.scheduling.BatchPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model as the simulator serves it: its instances, the real scheduler policy it runs under, and
 * the tensors it takes and gives (for graph validation and placeholder data only; nothing is
 * computed).
 *
 * <p>The policy is the scheduler's own {@link BatchPolicy}; the server maps a model's {@code
 * config.pbtxt} to it (its {@code Schedulers.policyFor}), and a plan should hand the same policy
 * in.
 *
 * @param name the model name requests and graph steps use
 * @param instances the instances that each run one batch at a time (&ge; 1)
 * @param policy batching, priority levels and queue policies
 * @param inputs the inputs as model metadata shows them: with a leading batch dimension of {@code
 *     -1} when the policy batches ({@code maxBatchSize > 0}); at least one
 * @param outputs the outputs, shaped the same way; at least one
 */
public record SimulatedModel(
    String name,
    int instances,
    BatchPolicy policy,
    List<TensorSpec> inputs,
    List<TensorSpec> outputs) {
  /** The input of a model made by {@link #of}. */
  public static final String INPUT = "INPUT";

  /** The output of a model made by {@link #of}. */
  public static final String OUTPUT = "OUTPUT";

  /** Creates a model; validates every field. */
  public SimulatedModel {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: empty (expected: a model name)");
    }
    if (instances < 1) {
      throw new IllegalArgumentException(name + ": instances " + instances + " (expected: >= 1)");
    }
    requireNonNull(policy, "policy");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    if (inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": inputs and outputs: at least one each (expected: the model's signature)");
    }
    checkTensors(name, "inputs", inputs, policy.maxBatchSize() > 0);
    checkTensors(name, "outputs", outputs, policy.maxBatchSize() > 0);
  }

  /**
   * Returns a model with one FP32 input {@value #INPUT} and one FP32 output {@value #OUTPUT} of one
   * element per sample.
   */
  public static SimulatedModel of(String name, int instances, BatchPolicy policy) {
    Shape shape = policy.maxBatchSize() > 0 ? Shape.of(-1, 1) : Shape.of(1);
    return new SimulatedModel(
        name,
        instances,
        policy,
        List.of(TensorSpec.of(INPUT, DataType.FP32, shape)),
        List.of(TensorSpec.of(OUTPUT, DataType.FP32, shape)));
  }

  /** Returns a copy with another number of instances. */
  public SimulatedModel withInstances(int newInstances) {
    return new SimulatedModel(name, newInstances, policy, inputs, outputs);
  }

  /** Returns a copy under another policy; the tensors must suit it. */
  public SimulatedModel withPolicy(BatchPolicy newPolicy) {
    return new SimulatedModel(name, instances, newPolicy, inputs, outputs);
  }

  /** Returns the signature graph steps that call this model are checked against. */
  public StepSignature signature() {
    return new StepSignature(inputs, outputs);
  }

  /** Returns whether requests carry a leading batch dimension. */
  boolean batches() {
    return policy.maxBatchSize() > 0;
  }

  private static void checkTensors(
      String model, String field, List<TensorSpec> specs, boolean batches) {
    Set<String> names = new HashSet<>();
    for (TensorSpec s : specs) {
      requireNonNull(s, field);
      if (!names.add(s.name())) {
        throw new IllegalArgumentException(
            model + ": " + field + ": '" + s.name() + "' appears twice (expected: unique names)");
      }
      if (batches && (s.shape().rank() == 0 || s.shape().dim(0) != Shape.ANY)) {
        throw new IllegalArgumentException(
            model
                + ": "
                + field
                + ": '"
                + s.name()
                + "' has shape "
                + s.shape()
                + " (expected: a leading batch dimension -1, since the policy batches)");
      }
    }
  }
}
