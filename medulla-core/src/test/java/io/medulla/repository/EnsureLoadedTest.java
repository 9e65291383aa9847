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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ON_DEMAND mode and ensureLoaded: loads on first need, once, in any control mode. */
class EnsureLoadedTest {
  private static final String PINNED =
      "parameters { key: \"medulla.pinned\" value: { string_value: \"true\" } }";

  @TempDir Path root;
  final FakeBackend backend = new FakeBackend();
  final RecordingListener listener = new RecordingListener();

  private ModelRepository repo(ModelControlMode mode) {
    return ModelRepository.builder(root)
        .backends(List.of(backend))
        .controlMode(mode)
        .listener(listener)
        .residentMemory(ResidentMemory.NONE)
        .build();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void onDemandStartLoadsTheNamedAndPinnedModelsOnly() {
    model(root, "a", null, 1);
    model(root, "b", null, 1);
    model(root, "p", PINNED, 1);

    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of("a"));
    model(root, "later", null, 1);

    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus("a", "1", ModelState.READY, ""),
            new ModelVersionStatus(
                "b", "", ModelState.UNAVAILABLE, "not loaded (loads on first request)"),
            new ModelVersionStatus(
                "later", "", ModelState.UNAVAILABLE, "not loaded (loads on first request)"),
            new ModelVersionStatus("p", "1", ModelState.READY, ""));
    assertThatThrownBy(() -> repo.resolve("b", ""))
        .isInstanceOf(ModelNotReadyException.class)
        .hasMessage("model 'b' is not ready: not loaded (loads on first request)");
  }

  @Test
  void onDemandStarLoadsEverything() {
    model(root, "a", null, 1);
    model(root, "b", null, 1);
    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of("*"));
    assertThat(repo.ready()).hasSize(2);
  }

  @Test
  void onDemandAllowsTheRepositoryApi() {
    model(root, "a", null, 1);
    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of());

    repo.load("a");
    assertThat(repo.resolve("a", "").id().toString()).isEqualTo("a/1");
    repo.unload("a");
    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("a", "1", ModelState.UNAVAILABLE, "unloaded"));
  }

  @Test
  void ensureLoadedLoadsOnceThenReturnsAtOnce() {
    model(root, "a", null, 1);
    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of());

    repo.ensureLoaded("a", LoadCause.ON_DEMAND);
    repo.ensureLoaded("a", LoadCause.ON_DEMAND);

    assertThat(repo.resolve("a", "").id().toString()).isEqualTo("a/1");
    assertThat(backend.loaded).hasSize(1);
    assertThat(listener.events).containsExactly("ready a/1");
  }

  @Test
  void ensureLoadedWorksInExplicitModeToo() {
    model(root, "a", null, 1);
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of());

    repo.ensureLoaded("a", LoadCause.SCHEDULE);

    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("a", "1", ModelState.READY, ""));
  }

  @Test
  void ensureLoadedOfAnUnknownModelOrAGraphIsNotFound() {
    model(root, "a", null, 1);
    RepoFiles.write(root.resolve("g/graph.yaml"), "name: g\n");
    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of());

    for (String name : List.of("ghost", "../a", "", "g")) {
      assertThatThrownBy(() -> repo.ensureLoaded(name, LoadCause.ON_DEMAND))
          .as(name)
          .isInstanceOf(ModelNotFoundException.class);
    }
    assertThat(backend.loaded).isEmpty();
  }

  @Test
  void ensureLoadedFailureSaysWhy() {
    model(root, "a", null, 1);
    backend.failLoad("a/1");
    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of());

    assertThatThrownBy(() -> repo.ensureLoaded("a", LoadCause.ON_DEMAND))
        .isInstanceOf(InferenceException.class)
        .hasMessage("failed to load model 'a': a/1/model.onnx: scripted failure")
        .extracting(e -> ((InferenceException) e).status())
        .isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus(
                "a", "1", ModelState.UNAVAILABLE, "a/1/model.onnx: scripted failure"));
  }

  @Test
  void ensureLoadedSucceedsWhenOneVersionServesAndTheIndexShowsTheOther() {
    model(root, "a", "version_policy: { all: {} }", 1, 2);
    backend.failLoad("a/2");
    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of());

    repo.ensureLoaded("a", LoadCause.ON_DEMAND);

    assertThat(repo.resolve("a", "").id().toString()).isEqualTo("a/1");
    assertThatThrownBy(() -> repo.resolve("a", "2"))
        .hasMessage(
            "model 'a' is not ready: version 2 is UNAVAILABLE: a/2/model.onnx: scripted failure");
  }

  @Test
  void aVersionEvictedWhileAnotherServesIsLoadedAgain() {
    model(root, "a", "version_policy: { all: {} }", 1, 2);
    ModelRepository repo = repo(ModelControlMode.NONE);
    repo.start(Set.of());
    assertThat(repo.evict(new io.medulla.inference.ModelId("a", 1), "evicted: idle")).isTrue();
    assertThatThrownBy(() -> repo.resolve("a", "1")).hasMessageContaining("evicted: idle");

    repo.ensureLoaded("a", LoadCause.ON_DEMAND);

    assertThat(repo.resolve("a", "1").id().toString()).isEqualTo("a/1");
    assertThat(repo.resolve("a", "2").id().toString()).isEqualTo("a/2");
    // Version 2 kept serving: only version 1 was loaded again.
    assertThat(backend.loaded).hasSize(3);
  }

  @Test
  @Timeout(60)
  void concurrentCallersLoadOnce() throws Exception {
    model(root, "a", null, 1);
    ModelRepository repo = repo(ModelControlMode.ON_DEMAND);
    repo.start(Set.of());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    backend.onLoad =
        spec -> {
          entered.countDown();
          await(release);
        };

    CompletableFuture<Void> first =
        CompletableFuture.runAsync(() -> repo.ensureLoaded("a", LoadCause.ON_DEMAND));
    await(entered);
    CompletableFuture<Void> second = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                repo.ensureLoaded("a", LoadCause.ON_DEMAND);
                second.complete(null);
              } catch (RuntimeException e) {
                second.completeExceptionally(e);
              }
            });
    waiter.start();
    // The second caller parks on the model's lock while the first one loads.
    while (waiter.getState() != Thread.State.WAITING) {
      assertThat(second).isNotDone();
      Thread.onSpinWait();
    }
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    second.get(30, TimeUnit.SECONDS);

    assertThat(backend.loaded).hasSize(1);
    assertThat(listener.events).containsExactly("ready a/1");
  }

  @Test
  @Timeout(60)
  void ensureLoadedOfAReadyModelDoesNotWaitForItsLock() throws Exception {
    model(root, "a", null, 1);
    ModelRepository repo = repo(ModelControlMode.EXPLICIT);
    repo.start(Set.of("a"));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    backend.onLoad =
        spec -> {
          entered.countDown();
          await(release);
        };
    RepoFiles.write(root.resolve("a/1/model.onnx"), "a changed, longer model file");
    CompletableFuture<Void> reload = CompletableFuture.runAsync(() -> repo.load("a"));
    await(entered);

    repo.ensureLoaded("a", LoadCause.ON_DEMAND); // returns although the reload holds the lock

    assertThat(reload).isNotDone();
    release.countDown();
    reload.get(30, TimeUnit.SECONDS);
    assertThat(backend.loaded).hasSize(2);
  }
}
