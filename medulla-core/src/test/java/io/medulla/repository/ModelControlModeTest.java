package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.StatusCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NONE, EXPLICIT and POLL: what start loads, and who may load and unload. */
class ModelControlModeTest {
  @TempDir Path root;
  final FakeBackend backend = new FakeBackend();
  final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void models() {
    model(root, "a", null, 1);
    model(root, "b", null, 1);
  }

  private ModelRepository repo(ModelControlMode mode) {
    return ModelRepository.builder(root)
        .backends(List.of(backend))
        .controlMode(mode)
        .listener(listener)
        .build();
  }

  @Test
  void noneModeLoadsEverythingAndForbidsTheRepositoryApi() {
    ModelRepository repo = repo(ModelControlMode.NONE);
    repo.start(Set.of("a"));

    assertThat(repo.ready()).hasSize(2);
    assertThatThrownBy(() -> repo.load("a"))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("model control mode NONE does not allow loading or unloading")
        .extracting(e -> ((InferenceException) e).status())
        .isEqualTo(StatusCode.UNAVAILABLE);
    assertThatThrownBy(() -> repo.unload("a")).hasMessageContaining("model control mode NONE");
  }

  @Test
  void pollModeForbidsExplicitLoadAndUnload() {
    ModelRepository repo = repo(ModelControlMode.POLL);
    repo.start(Set.of());

    assertThat(repo.ready()).hasSize(2);
    assertThatThrownBy(() -> repo.load("a")).hasMessageContaining("model control mode POLL");
  }

  @Test
  void explicitModeLoadsOnlyTheNamedModels() {
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of("a", "ghost"));

    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus("a", "1", ModelState.READY, ""),
            new ModelVersionStatus(
                "b",
                "",
                ModelState.UNAVAILABLE,
                "not loaded (model control mode EXPLICIT: load it through the repository API)"));
    assertThatThrownBy(() -> repo.resolve("b", "")).isInstanceOf(ModelNotReadyException.class);
  }

  @Test
  void explicitModeStarLoadsEverything() {
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of("*"));
    assertThat(repo.ready()).hasSize(2);
  }

  @Test
  void explicitLoadAndUnload() {
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of());

    repo.load("b");
    ServedModel b = repo.resolve("b", "");
    assertThat(b.id().toString()).isEqualTo("b/1");

    repo.unload("b");
    assertThat(repo.index())
        .contains(new ModelVersionStatus("b", "1", ModelState.UNAVAILABLE, "unloaded"));
    assertThat(((FakeBackend.FakeLoadedModel) b.model()).closed).isTrue();
    assertThatThrownBy(() -> repo.resolve("b", ""))
        .isInstanceOf(ModelNotReadyException.class)
        .hasMessage("model 'b' is not ready: version 1 is UNAVAILABLE: unloaded");
    assertThat(listener.events).containsExactly("ready b/1", "unloading b/1");
  }

  @Test
  void explicitLoadOfAnUnknownModelIsNotFound() {
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of());

    assertThatThrownBy(() -> repo.load("ghost"))
        .isInstanceOf(ModelNotFoundException.class)
        .extracting(e -> ((InferenceException) e).status())
        .isEqualTo(StatusCode.NOT_FOUND);
    assertThatThrownBy(() -> repo.load("../a")).isInstanceOf(ModelNotFoundException.class);
    assertThatThrownBy(() -> repo.unload("ghost")).isInstanceOf(ModelNotFoundException.class);
  }

  @Test
  void explicitLoadFailureSaysWhy() {
    RepoFiles.write(root.resolve("b/config.pbtxt"), "max_batch_size: 99999999999");
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of());

    assertThatThrownBy(() -> repo.load("b"))
        .isInstanceOf(InferenceException.class)
        .hasMessage(
            "failed to load model 'b': b/config.pbtxt:1:17: max_batch_size: 99999999999 is out of"
                + " range (expected: <= 2147483647)")
        .extracting(e -> ((InferenceException) e).status())
        .isEqualTo(StatusCode.UNAVAILABLE);
  }

  @Test
  void explicitLoadOfAFixedModelRecovers() {
    RepoFiles.write(root.resolve("b/config.pbtxt"), "bogus: 1");
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of("b"));
    assertThat(repo.index().get(1).reason()).startsWith("b/config.pbtxt:1:1: bogus: unknown field");

    RepoFiles.write(root.resolve("b/config.pbtxt"), "max_batch_size: 2");
    repo.load("b");
    assertThat(repo.config("b").maxBatchSize()).isEqualTo(2);
    assertThat(repo.index()).contains(new ModelVersionStatus("b", "1", ModelState.READY, ""));
  }

  @Test
  void stateChangesReachTheListener() {
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of());
    repo.load("a");

    assertThat(listener.states)
        .containsSubsequence(
            new ModelVersionStatus("a", "1", ModelState.LOADING, ""),
            new ModelVersionStatus("a", "1", ModelState.READY, ""));
  }

  @Test
  void explicitIndexListsFoldersAddedAfterStart() {
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of("*"));
    model(root, "c", null, 1);

    assertThat(repo.index())
        .extracting(r -> r.name() + "/" + r.version() + " " + r.state())
        .containsExactly("a/1 READY", "b/1 READY", "c/ UNAVAILABLE");
    repo.load("c");
    assertThat(repo.resolve("c", "").id().toString()).isEqualTo("c/1");
  }
}
