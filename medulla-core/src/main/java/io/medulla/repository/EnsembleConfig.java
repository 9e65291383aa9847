package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A Triton ensemble's configuration: the ensemble's own inputs and outputs and its steps.
 *
 * @param name the ensemble name (equal to its folder name)
 * @param maxBatchSize the largest batch; 0 when inputs and outputs have no batch dimension
 * @param inputs the ensemble inputs
 * @param outputs the ensemble outputs
 * @param steps the steps of {@code ensemble_scheduling}, in file order
 */
public record EnsembleConfig(
    String name,
    int maxBatchSize,
    List<ModelInput> inputs,
    List<ModelOutput> outputs,
    List<EnsembleStep> steps) {
  /** The platform of an ensemble in {@code config.pbtxt}. */
  public static final String PLATFORM = "ensemble";

  /** Creates a configuration; copies the lists. */
  public EnsembleConfig {
    requireNonNull(name, "name");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    steps = List.copyOf(steps);
  }
}
