package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POLL rescans, reloads without a gap, and unloads that wait for in-flight work. */
class ModelReloadTest {
  @TempDir Path root;
  final FakeBackend backend = new FakeBackend();
  final RecordingListener listener = new RecordingListener();

  private ModelRepository start(ModelControlMode mode, Set<String> load) {
    ModelRepository repo =
        ModelRepository.builder(root)
            .backends(List.of(backend))
            .controlMode(mode)
            .listener(listener)
            .build();
    repo.start(load);
    return repo;
  }

  @Test
  void pollPicksUpAddedChangedAndRemovedModels() {
    model(root, "keep", null, 1);
    model(root, "change", null, 1);
    model(root, "gone", null, 1);
    ModelRepository repo = start(ModelControlMode.POLL, Set.of());
    ServedModel keep = repo.resolve("keep", "");
    ServedModel gone = repo.resolve("gone", "");
    int loads = backend.loaded.size();

    model(root, "added", null, 1);
    RepoFiles.write(root.resolve("change/config.pbtxt"), "max_batch_size: 2");
    RepoFiles.deleteTree(root.resolve("gone"));
    repo.poll();

    assertThat(repo.index())
        .extracting(r -> r.name() + "/" + r.version() + " " + r.state())
        .containsExactly("added/1 READY", "change/1 READY", "keep/1 READY");
    assertThat(repo.config("change").maxBatchSize()).isEqualTo(2);
    assertThat(repo.resolve("keep", "")).isSameAs(keep);
    assertThat(backend.loaded).hasSize(loads + 2);
    assertThatThrownBy(() -> repo.resolve("gone", "")).isInstanceOf(ModelNotFoundException.class);
    assertThat(((FakeBackend.FakeLoadedModel) gone.model()).closed).isTrue();
  }

  @Test
  void pollWithoutChangesLoadsNothing() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.POLL, Set.of());
    repo.poll();
    repo.poll();
    assertThat(backend.loaded).hasSize(1);
  }

  @Test
  void changedModelFileIsReloaded() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.POLL, Set.of());
    String before = repo.resolve("m", "").sha256();

    RepoFiles.write(root.resolve("m/1/model.onnx"), "a different, longer model file");
    repo.poll();

    assertThat(repo.resolve("m", "").sha256()).isNotEqualTo(before);
    assertThat(listener.events).containsExactly("ready m/1", "ready m/1", "unloading m/1");
  }

  @Test
  void newVersionBecomesReadyBeforeTheOldOneUnloads() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.POLL, Set.of());
    ServedModel v1 = repo.resolve("m", "");
    List<String> servingWhileV2Readied = new ArrayList<>();
    listener.onReady = m -> servingWhileV2Readied.add(repo.resolve("m", "").id().toString());

    model(root, "m", null, 2);
    repo.poll();

    assertThat(servingWhileV2Readied).containsExactly("m/1");
    assertThat(listener.events).containsExactly("ready m/1", "ready m/2", "unloading m/1");
    assertThat(repo.resolve("m", "").id().version()).isEqualTo(2);
    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus("m", "1", ModelState.UNAVAILABLE, "unloaded"),
            new ModelVersionStatus("m", "2", ModelState.READY, ""));
    assertThat(((FakeBackend.FakeLoadedModel) v1.model()).closed).isTrue();
  }

  @Test
  void reloadOfTheSameVersionSwapsWithoutAGap() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.EXPLICIT, Set.of("m"));
    ServedModel old = repo.resolve("m", "1");
    List<ServedModel> servingDuringLoad = new ArrayList<>();
    listener.onReady = m -> servingDuringLoad.add(repo.resolve("m", "1"));
    listener.holdUnloads = true;

    RepoFiles.write(root.resolve("m/config.pbtxt"), "max_batch_size: 3");
    repo.load("m");

    assertThat(servingDuringLoad).containsExactly(old);
    ServedModel fresh = repo.resolve("m", "1");
    assertThat(fresh).isNotSameAs(old);
    assertThat(fresh.config().maxBatchSize()).isEqualTo(3);
    FakeBackend.FakeLoadedModel oldModel = (FakeBackend.FakeLoadedModel) old.model();
    assertThat(oldModel.closed).isFalse();

    listener.drains.get("m/1").complete(null);
    assertThat(oldModel.closed).isTrue();
    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("m", "1", ModelState.READY, ""));
  }

  @Test
  void unloadWaitsForTheListenerBeforeClosing() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.EXPLICIT, Set.of("m"));
    FakeBackend.FakeLoadedModel loaded =
        (FakeBackend.FakeLoadedModel) repo.resolve("m", "").model();
    listener.holdUnloads = true;

    repo.unload("m");

    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("m", "1", ModelState.UNLOADING, "unloading"));
    assertThatThrownBy(() -> repo.resolve("m", "")).isInstanceOf(ModelNotReadyException.class);
    assertThat(loaded.closed).isFalse();

    listener.drains.get("m/1").complete(null);

    assertThat(loaded.closed).isTrue();
    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("m", "1", ModelState.UNAVAILABLE, "unloaded"));
  }

  @Test
  void failedReloadKeepsTheServingVersion() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.POLL, Set.of());
    ServedModel v1 = repo.resolve("m", "");

    RepoFiles.write(root.resolve("m/config.pbtxt"), "max_batch_size: oops");
    repo.poll();

    assertThat(repo.resolve("m", "")).isSameAs(v1);
    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus(
                "m",
                "",
                ModelState.UNAVAILABLE,
                "m/config.pbtxt:1:17: max_batch_size: 'oops' is not an integer (expected an integer)"),
            new ModelVersionStatus("m", "1", ModelState.READY, ""));
  }

  @Test
  void failedNewVersionKeepsTheOldOneServing() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.POLL, Set.of());
    backend.failLoad("m/2");

    model(root, "m", null, 2);
    repo.poll();

    assertThat(repo.resolve("m", "").id().version()).isEqualTo(1);
    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus("m", "1", ModelState.READY, ""),
            new ModelVersionStatus(
                "m", "2", ModelState.UNAVAILABLE, "m/2/model.onnx: scripted failure"));
  }

  @Test
  void pollIsOnlyForPollMode() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.EXPLICIT, Set.of());
    assertThatThrownBy(repo::poll)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("poll: model control mode is EXPLICIT (expected: POLL)");
  }

  @Test
  void removedModelIsReportedToTheListener() {
    model(root, "m", null, 1);
    ModelRepository repo = start(ModelControlMode.POLL, Set.of());

    RepoFiles.deleteTree(root.resolve("m"));
    repo.poll();

    assertThat(listener.states)
        .endsWith(
            new ModelVersionStatus(
                "m", "1", ModelState.UNAVAILABLE, "removed from the repository"));
    assertThat(repo.index()).isEmpty();
  }
}
