package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.repository.FakeBackend.FakeLoadedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** evict: the model cache takes a READY version out of service, in any mode, without blocking. */
class EvictTest {
  private static final ModelId A1 = new ModelId("a", 1);
  private static final String REASON = "evicted: idle for 10m";

  @TempDir Path root;
  final FakeBackend backend = new FakeBackend();
  final RecordingListener listener = new RecordingListener();

  private ModelRepository start(ModelControlMode mode, String... load) {
    ModelRepository repo =
        ModelRepository.builder(root)
            .backends(List.of(backend))
            .controlMode(mode)
            .listener(listener)
            .residentMemory(ResidentMemory.NONE)
            .build();
    repo.start(Set.of(load));
    return repo;
  }

  @Test
  void evictTakesTheVersionOutOfServiceWithTheReasonAndClosesIt() {
    model(root, "a", null, 1);
    ModelRepository repo = start(ModelControlMode.NONE);
    FakeLoadedModel loaded = (FakeLoadedModel) repo.resolve("a", "").model();

    assertThat(repo.evict(A1, REASON)).isTrue();

    assertThatThrownBy(() -> repo.resolve("a", ""))
        .isInstanceOf(ModelNotReadyException.class)
        .hasMessage("model 'a' is not ready: version 1 is UNAVAILABLE: " + REASON);
    assertThatThrownBy(() -> repo.resolve("a", "1"))
        .hasMessage("model 'a' is not ready: version 1 is UNAVAILABLE: " + REASON);
    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("a", "1", ModelState.UNAVAILABLE, REASON));
    assertThat(loaded.closed).isTrue();
    assertThat(listener.events).containsExactly("ready a/1", "unloading a/1");
    assertThat(repo.config("a").name()).isEqualTo("a");
  }

  @Test
  void evictDrainsBeforeClosingAndDoesNotWaitForTheDrain() {
    model(root, "a", null, 1);
    ModelRepository repo = start(ModelControlMode.NONE);
    FakeLoadedModel loaded = (FakeLoadedModel) repo.resolve("a", "").model();
    listener.holdUnloads = true;

    assertThat(repo.evict(A1, REASON)).isTrue();

    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("a", "1", ModelState.UNLOADING, "unloading"));
    assertThatThrownBy(() -> repo.resolve("a", "")).isInstanceOf(ModelNotReadyException.class);
    assertThat(loaded.closed).isFalse();

    listener.drains.get("a/1").complete(null);

    assertThat(loaded.closed).isTrue();
    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("a", "1", ModelState.UNAVAILABLE, REASON));
  }

  @Test
  void pollDoesNotReloadAnEvictedModelButEnsureLoadedDoes() {
    model(root, "a", null, 1);
    ModelRepository repo = start(ModelControlMode.POLL);
    repo.evict(A1, REASON);

    repo.poll();

    assertThat(backend.loaded).hasSize(1);
    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("a", "1", ModelState.UNAVAILABLE, REASON));

    repo.ensureLoaded("a", LoadCause.ON_DEMAND);

    assertThat(backend.loaded).hasSize(2);
    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("a", "1", ModelState.READY, ""));
    repo.poll();
    assertThat(backend.loaded).hasSize(2);
  }

  @Test
  void evictOfWhatIsNotReadyDoesNothing() {
    model(root, "a", null, 1);
    model(root, "b", null, 1);
    ModelRepository repo = start(ModelControlMode.EXPLICIT, "a");

    assertThat(repo.evict(new ModelId("ghost", 1), REASON)).isFalse();
    assertThat(repo.evict(new ModelId("a", 2), REASON)).isFalse();
    assertThat(repo.evict(new ModelId("b", 1), REASON)).isFalse();
    assertThat(repo.evict(A1, REASON)).isTrue();
    assertThat(repo.evict(A1, "again")).isFalse();
    assertThat(listener.events).containsExactly("ready a/1", "unloading a/1");
  }

  @Test
  void evictKeepsTheOtherVersionsServing() {
    model(root, "a", "version_policy: { all: {} }", 1, 2);
    ModelRepository repo = start(ModelControlMode.NONE);

    assertThat(repo.evict(new ModelId("a", 2), REASON)).isTrue();

    assertThat(repo.resolve("a", "").id().toString()).isEqualTo("a/1");
    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus("a", "1", ModelState.READY, ""),
            new ModelVersionStatus("a", "2", ModelState.UNAVAILABLE, REASON));
  }

  @Test
  @Timeout(60)
  void evictReturnsFalseWhileAnotherOperationHoldsTheModelsLock() throws Exception {
    model(root, "a", null, 1);
    ModelRepository repo = start(ModelControlMode.EXPLICIT, "a");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    backend.onLoad =
        spec -> {
          entered.countDown();
          try {
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    RepoFiles.write(root.resolve("a/1/model.onnx"), "a changed, longer model file");
    CompletableFuture<Void> reload = CompletableFuture.runAsync(() -> repo.load("a"));
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(repo.evict(A1, REASON)).isFalse();

    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("a", "1", ModelState.READY, ""));
    release.countDown();
    reload.get(30, TimeUnit.SECONDS);
    assertThat(repo.evict(A1, REASON)).isTrue();
  }
}
