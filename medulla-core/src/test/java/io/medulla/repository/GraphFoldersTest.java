package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static io.medulla.repository.RepoFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.runtime.ModelLoadException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graph folders (graph files and Triton ensembles) are listed apart from models. */
class GraphFoldersTest {
  static final String ENSEMBLE =
      """
      name: "chain"
      platform: "ensemble"
      max_batch_size: 4
      input [ { name: "A" data_type: TYPE_FP32 dims: [ 4 ] } ]
      output [ { name: "Z" data_type: TYPE_FP32 dims: [ 4 ] } ]
      ensemble_scheduling {
        step [
          {
            model_name: "simple"
            model_version: 2
            input_map { key: "INPUT0" value: "A" }
            output_map { key: "OUTPUT0" value: "Z" }
          }
        ]
      }
      """;

  @TempDir Path root;

  @Test
  void graphFoldersAreNotLoadedAsModelsAndAreReadAsSources() {
    model(root, "simple", null, 1);
    write(root.resolve("chain").resolve("config.pbtxt"), ENSEMBLE);
    write(root.resolve("triage").resolve("graph.yaml"), "steps: []\n");
    ModelRepository repo =
        ModelRepository.builder(root).backends(List.of(new FakeBackend())).build();
    repo.start(Set.of());

    assertThat(repo.index()).extracting(ModelVersionStatus::name).containsExactly("simple");
    List<GraphSource> graphs = repo.graphSources();
    assertThat(graphs).extracting(GraphSource::name).containsExactly("chain", "triage");
    assertThat(graphs.get(0).isEnsemble()).isTrue();
    assertThat(graphs.get(0).file()).isEqualTo("chain/config.pbtxt");
    assertThat(graphs.get(1).isEnsemble()).isFalse();
    assertThat(graphs.get(1).text()).isEqualTo("steps: []\n");
    assertThat(graphs.get(1).sha256()).hasSize(64);
    repo.close();
  }

  @Test
  void ensembleConfigIsReadWithItsSteps() {
    EnsembleConfig c = EnsembleConfigReader.read("chain/config.pbtxt", ENSEMBLE, "chain");

    assertThat(c.maxBatchSize()).isEqualTo(4);
    assertThat(c.inputs().get(0).dataType()).isEqualTo(DataType.FP32);
    EnsembleStep s = c.steps().get(0);
    assertThat(s.modelName()).isEqualTo("simple");
    assertThat(s.modelVersion()).isEqualTo(2);
    assertThat(s.inputMap()).containsEntry("INPUT0", "A");
    assertThat(s.outputMap()).containsEntry("OUTPUT0", "Z");
  }

  @Test
  void ensembleConfigErrorsNameFileLineAndField() {
    assertThatThrownBy(
            () ->
                EnsembleConfigReader.read(
                    "chain/config.pbtxt", ENSEMBLE.replace("model_name", "model"), "chain"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("chain/config.pbtxt:9:")
        .hasMessageContaining("ensemble_scheduling.step[0].model: unknown field");
    assertThatThrownBy(
            () ->
                EnsembleConfigReader.read(
                    "chain/config.pbtxt",
                    ENSEMBLE.replace("ensemble_scheduling", "dynamic_batching"),
                    "chain"))
        .hasMessageContaining("dynamic_batching: unknown field");
  }
}
