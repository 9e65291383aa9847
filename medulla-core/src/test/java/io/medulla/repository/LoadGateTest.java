package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.StatusCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load gate is asked before every version load, whatever caused it, and told the outcome. */
class LoadGateTest {
  @TempDir Path root;
  final FakeBackend backend = new FakeBackend();
  final RecordingListener listener = new RecordingListener();
  final RecordingGate gate = new RecordingGate();

  private ModelRepository repo(ModelControlMode mode) {
    return ModelRepository.builder(root)
        .backends(List.of(backend))
        .controlMode(mode)
        .listener(listener)
        .loadGate(gate)
        .residentMemory(ResidentMemory.NONE)
        .build();
  }

  // RepoFiles writes "onnx <name> <version>" as each model file: 8 bytes for "onnx m 1", 10 for
  // "onnx big 1".

  @Test
  void startAsksForTheFileSizeTimesTheInstancesThenSettlesWithTheReport() {
    model(root, "m", "instance_group { count: 2 }", 1);

    repo(ModelControlMode.NONE).start(Set.of());

    assertThat(gate.calls).containsExactly("reserve m/1 host 16 START", "settle m/1 ready");
    assertThat(gate.settled).isEqualTo(listener.reports);
  }

  @Test
  void eachCauseReachesTheGate() {
    model(root, "m", null, 1);
    ModelRepository explicit = repo(ModelControlMode.EXPLICIT);
    explicit.start(Set.of());
    explicit.load("m");
    explicit.unload("m");
    explicit.ensureLoaded("m", LoadCause.PREDICTION);

    assertThat(gate.calls)
        .containsExactly(
            "reserve m/1 host 8 API",
            "settle m/1 ready",
            "reserve m/1 host 8 PREDICTION",
            "settle m/1 ready");
  }

  @Test
  void pollLoadsReachTheGateAsPoll() {
    model(root, "m", null, 1);
    ModelRepository repo = repo(ModelControlMode.POLL);
    repo.start(Set.of());
    model(root, "n", null, 1);
    repo.poll();

    assertThat(gate.calls)
        .containsExactly(
            "reserve m/1 host 8 START",
            "settle m/1 ready",
            "reserve n/1 host 8 POLL",
            "settle n/1 ready");
  }

  @Test
  void theExpectationIsDeclaredElseLastMeasured() {
    model(
        root,
        "declared",
        "parameters { key: \"medulla.memory_bytes\" value: { string_value: \"1MiB\" } }",
        1);
    model(root, "measured", null, 1);
    backend.memoryBytes = 5_000;
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of("declared", "measured"));
    RepoFiles.write(root.resolve("measured/1/model.onnx"), "a changed, longer model file");
    repo.load("measured");

    assertThat(gate.calls)
        .filteredOn(c -> c.startsWith("reserve"))
        .containsExactlyInAnyOrder(
            "reserve declared/1 host 1048576 START",
            "reserve measured/1 host 15 START",
            "reserve measured/1 host 5000 API");
  }

  @Test
  void aRefusalLeavesTheVersionUnavailableWithTheGatesReasonAndLoadsNothing() {
    model(root, "big", null, 1);
    model(root, "small", null, 1);
    gate.refused.add("big");

    ModelRepository repo = repo(ModelControlMode.NONE);
    repo.start(Set.of());

    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus(
                "big",
                "1",
                ModelState.UNAVAILABLE,
                "model 'big/1' needs 10 bytes but the budget has 0 left"),
            new ModelVersionStatus("small", "1", ModelState.READY, ""));
    assertThat(backend.loaded).extracting(s -> s.id().name()).containsExactly("small");
    assertThat(gate.calls).doesNotContain("settle big/1 failed");
  }

  @Test
  void ensureLoadedRethrowsARefusalAsUnavailableWithTheReason() {
    model(root, "big", null, 1);
    gate.refused.add("big");
    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of());

    assertThatThrownBy(() -> repo.ensureLoaded("big", LoadCause.ON_DEMAND))
        .isInstanceOf(InferenceException.class)
        .hasMessage("model 'big/1' needs 10 bytes but the budget has 0 left")
        .extracting(e -> ((InferenceException) e).status())
        .isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(gate.calls).containsExactly("reserve big/1 host 10 ON_DEMAND");
  }

  @Test
  void aFailedLoadReleasesTheReservation() {
    model(root, "m", null, 1);
    backend.failLoad("m/1");

    repo(ModelControlMode.NONE).start(Set.of());

    assertThat(gate.calls).containsExactly("reserve m/1 host 8 START", "settle m/1 failed");
  }

  @Test
  void aFailedWarmupReleasesTheReservation() {
    model(root, "m", null, 1);
    backend.failExecute("m/1");

    repo(ModelControlMode.NONE).start(Set.of());

    assertThat(gate.calls).containsExactly("reserve m/1 host 8 START", "settle m/1 failed");
  }

  @Test
  void theGateMayEvictAnotherModelWhileOneLoads() {
    model(root, "old", null, 1);
    model(root, "new", null, 1);
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of("old"));
    List<Boolean> evicted = new java.util.concurrent.CopyOnWriteArrayList<>();
    gate.onReserve =
        id -> {
          if (id.name().equals("new")) {
            evicted.add(repo.evict(new ModelId("old", 1), "evicted to make room for new"));
          }
        };

    repo.ensureLoaded("new", LoadCause.ON_DEMAND);

    assertThat(evicted).containsExactly(true);
    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus("new", "1", ModelState.READY, ""),
            new ModelVersionStatus(
                "old", "1", ModelState.UNAVAILABLE, "evicted to make room for new"));
  }
}
