package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the model cache reads from disk without loading: names, pins and expected footprints. */
class RepositoryFolderReadsTest {
  @TempDir Path root;
  final FakeBackend backend = new FakeBackend();

  private ModelRepository repo() {
    return ModelRepository.builder(root)
        .backends(List.of(backend))
        .controlMode(ModelControlMode.ON_DEMAND)
        .residentMemory(ResidentMemory.NONE)
        .build();
  }

  private static String parameter(String key, String value) {
    return "parameters { key: \"" + key + "\" value: { string_value: \"" + value + "\" } }\n";
  }

  @Test
  void modelNamesListsModelFoldersSortedWithoutGraphs() {
    model(root, "b", null, 1);
    model(root, "a", null, 1);
    RepoFiles.write(root.resolve("g/graph.yaml"), "name: g\n");
    RepoFiles.mkdirs(root.resolve(".hidden"));

    assertThat(repo().modelNames()).containsExactly("a", "b");
  }

  @Test
  void pinnedModelsAreReadFromConfigsAndUnreadableOnesSkipped() {
    model(root, "pinned", parameter("medulla.pinned", "true"), 1);
    model(root, "shouting", parameter("medulla.pinned", "TRUE"), 1);
    model(root, "unpinned", parameter("medulla.pinned", "false"), 1);
    model(root, "plain", null, 1);
    model(root, "broken", "bogus: 1\n" + parameter("medulla.pinned", "true"), 1);

    ModelRepository repo = repo();

    assertThat(repo.pinnedModels()).containsExactly("pinned", "shouting");
    assertThat(backend.loaded).isEmpty();
  }

  @Test
  void expectedFootprintIsTheFileSizesTimesInstancesOverTheSelectedVersions() {
    // "onnx m 1" and "onnx m 2": 8 bytes each; "onnx m 3" is not selected.
    model(
        root,
        "m",
        "version_policy: { latest: { num_versions: 2 } }\ninstance_group { count: 3 }",
        1,
        2,
        3);
    RepoFiles.write(root.resolve("m/3/model.onnx"), "a much larger file that is not selected");

    assertThat(repo().expectedFootprint("m")).isEqualTo(8 * 3 + 39 * 3);
  }

  @Test
  void expectedFootprintPrefersTheDeclaredBytesPerVersion() {
    model(
        root,
        "m",
        "version_policy: { all: {} }\n" + parameter("medulla.memory_bytes", "1 KB"),
        1,
        2);

    assertThat(repo().expectedFootprint("m")).isEqualTo(2000);
  }

  @Test
  void expectedFootprintUsesWhatTheLastLoadMeasured() {
    model(root, "m", null, 1);
    backend.memoryBytes = 123_456;
    ModelRepository repo = repo();
    repo.start(Set.of());
    assertThat(repo.expectedFootprint("m")).isEqualTo(8);

    repo.ensureLoaded("m", LoadCause.ON_DEMAND);

    assertThat(repo.expectedFootprint("m")).isEqualTo(123_456);
  }

  @Test
  void expectedFootprintOfWhatCannotBeReadIsZero() {
    model(root, "nofile", "default_model_filename: \"other.onnx\"", 1);
    ModelRepository repo = repo();

    assertThat(repo.expectedFootprint("ghost")).isZero();
    assertThat(repo.expectedFootprint("../x")).isZero();
    assertThat(repo.expectedFootprint("nofile")).isZero();
  }
}
