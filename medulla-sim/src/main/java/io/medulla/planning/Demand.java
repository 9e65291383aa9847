package io.medulla.planning;

import java.util.List;

/**
 * What a workload asks of the models: per-model rates and needs, per-graph critical paths and the
 * busiest hour. Made by {@link DemandCalculator}.
 *
 * @param peakHour the hour of the day (0-23) with the most requests over all targets
 * @param hourlyRequestsPerSecond the workload's requests per second by hour, all targets together
 * @param models each model's need, sorted by name
 * @param graphs each called graph's critical path, sorted by name
 * @param notes assumptions the numbers rest on, for the report
 */
public record Demand(
    int peakHour,
    List<Double> hourlyRequestsPerSecond,
    List<ModelNeed> models,
    List<GraphLatency> graphs,
    List<String> notes) {
  /** Copies the lists. */
  public Demand {
    hourlyRequestsPerSecond = List.copyOf(hourlyRequestsPerSecond);
    models = List.copyOf(models);
    graphs = List.copyOf(graphs);
    notes = List.copyOf(notes);
  }

  /** Returns the models as the packer's input, each at its own peak rate. */
  public List<ModelDemand> toPacking() {
    return models.stream().map(ModelNeed::toPacking).toList();
  }

  /** Returns the need of {@code model}. */
  public ModelNeed model(String model) {
    return models.stream()
        .filter(m -> m.model().equals(model))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model '" + model + "' in the demand"));
  }
}
