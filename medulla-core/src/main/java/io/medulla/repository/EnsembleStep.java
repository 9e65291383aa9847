package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a Triton ensemble's {@code ensemble_scheduling}.
 *
 * @param modelName the model the step calls
 * @param modelVersion the version, or -1 for the model's version policy's choice
 * @param inputMap the model's input names to ensemble tensor names, in file order
 * @param outputMap the model's output names to ensemble tensor names, in file order
 */
public record EnsembleStep(
    String modelName,
    long modelVersion,
    Map<String, String> inputMap,
    Map<String, String> outputMap) {
  /** Creates a step; copies the maps, keeping their order. */
  public EnsembleStep {
    requireNonNull(modelName, "modelName");
    inputMap = Collections.unmodifiableMap(new LinkedHashMap<>(inputMap));
    outputMap = Collections.unmodifiableMap(new LinkedHashMap<>(outputMap));
  }
}
