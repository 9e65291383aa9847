package io.medulla.engine;

import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphOutput;
import io.medulla.graph.GraphStatistics;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.VersionPolicy;
import java.util.List;
import java.util.Map;

/**
 * Describes a graph in the terms of the model APIs: metadata, configuration, index row and
 * statistics. A graph has one version, {@code "1"}, and shapes that include any batch dimension (so
 * its configuration says {@code max_batch_size: 0}).
 */
final class GraphViews {
  /** The one version a graph serves. */
  static final String VERSION = "1";

  private GraphViews() {}

  static ModelMetadata metadata(GraphEntry g, GraphDefinition d) {
    return new ModelMetadata(
        g.name(),
        List.of(VERSION),
        g.platform(),
        d.inputs(),
        d.outputs().stream().map(GraphOutput::spec).toList(),
        g.sha256());
  }

  static ModelConfig config(GraphEntry g, GraphDefinition d) {
    List<ModelInput> inputs =
        d.inputs().stream()
            .map(i -> new ModelInput(i.name(), i.dataType(), i.shape(), null, i.optional()))
            .toList();
    List<ModelOutput> outputs =
        d.outputs().stream()
            .map(o -> new ModelOutput(o.name(), o.dataType(), o.shape(), null, ""))
            .toList();
    return new ModelConfig(
        g.name(),
        g.platform(),
        "",
        0,
        inputs,
        outputs,
        VersionPolicy.latestOne(),
        List.of(),
        null,
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        "");
  }

  /** Returns the graph's index row; {@code notReady} says why its models keep it from serving. */
  static ModelVersionStatus row(GraphEntry g, String notReady) {
    String reason = g.problem().isEmpty() ? notReady : g.problem();
    return new ModelVersionStatus(
        g.name(), VERSION, reason.isEmpty() ? ModelState.READY : ModelState.UNAVAILABLE, reason);
  }

  static ModelStatistics statistics(String name, GraphStatistics.GraphCounts c) {
    return new ModelStatistics(
        name,
        VERSION,
        0,
        c.successCount(),
        c.successCount(),
        new ModelStatistics.Duration(c.successCount(), c.successNanos()),
        new ModelStatistics.Duration(c.failureCount(), c.failureNanos()),
        new ModelStatistics.Duration(0, 0),
        new ModelStatistics.Duration(0, 0),
        new ModelStatistics.Duration(0, 0),
        new ModelStatistics.Duration(0, 0));
  }
}
