package io.medulla.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.repository.LoadReport;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelRepository;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm-up requests run through ONNX Runtime sessions before a version is READY. */
class RepositoryWarmupTest {
  @TempDir Path root;
  final Map<String, LoadReport> reports = new ConcurrentHashMap<>();
  final List<ModelRepository> started = new java.util.ArrayList<>();

  @AfterEach
  void closeRepositories() {
    started.forEach(ModelRepository::close);
  }

  private ModelRepository start() {
    return start(root);
  }

  private ModelRepository start(Path repository) {
    ModelRepository repo =
        ModelRepository.builder(repository)
            .backends(List.of(new OnnxBackend()))
            .controlMode(ModelControlMode.NONE)
            .listener(
                new ModelLifecycleListener() {
                  @Override
                  public void versionLoaded(ServedModel model, LoadReport report) {
                    reports.put(model.id().toString(), report);
                  }
                })
            .build();
    started.add(repo);
    repo.start(Set.of());
    return repo;
  }

  private void copy(String model) {
    Path from = TestModels.TESTDATA.resolve(model);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path to = root.resolve(model).resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void appendConfig(String model, String text) throws IOException {
    Files.writeString(
        root.resolve(model).resolve("config.pbtxt"),
        "\n" + text,
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void defaultWarmupRunsOnEveryTypeAndReshapedModel() {
    for (String model : List.of("all_types", "reshape", "versioned_add", "autocomplete_add")) {
      copy(model);
    }

    ModelRepository repo = start();

    assertThat(repo.index())
        .extracting(r -> r.name() + "/" + r.version() + " " + r.state() + " " + r.reason())
        .containsExactly(
            "all_types/1 READY ",
            "autocomplete_add/1 READY ",
            "reshape/1 READY ",
            "versioned_add/2 READY ");
    assertThat(reports.get("all_types/1").warmupRuns()).isEqualTo(1);
    assertThat(reports.get("versioned_add/2").warmupRuns()).isEqualTo(1);
    assertThat(reports.values()).allSatisfy(r -> assertThat(r.memoryBytes()).isPositive());
  }

  @Test
  void everyExampleModelWarmsUp() {
    ModelRepository repo = start(TestModels.EXAMPLES);

    assertThat(repo.index())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.state()).as(r.toString()).isEqualTo(ModelState.READY));
    assertThat(reports).hasSameSizeAs(repo.index());
  }

  @Test
  void configuredWarmupReadsItsDataFile() throws IOException {
    copy("versioned_add");
    appendConfig(
        "versioned_add",
        "model_warmup { name: \"file\" batch_size: 2 count: 3 inputs { key: \"INPUT0\" value:"
            + " { data_type: TYPE_INT32 dims: [4] input_data_file: \"in.bin\" } } }");
    ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    data.putInt(1).putInt(2).putInt(3).putInt(4);
    Files.createDirectories(root.resolve("versioned_add/warmup"));
    Files.write(root.resolve("versioned_add/warmup/in.bin"), data.array());

    ModelRepository repo = start();

    assertThat(repo.index())
        .containsExactly(new ModelVersionStatus("versioned_add", "2", ModelState.READY, ""));
    assertThat(reports.get("versioned_add/2").warmupRuns()).isEqualTo(3);
  }

  @Test
  void aWarmupTheRuntimeRejectsFailsTheVersion() throws IOException {
    copy("versioned_add");
    appendConfig(
        "versioned_add",
        "model_warmup { name: \"wrong_dims\" batch_size: 1 inputs { key: \"INPUT0\" value:"
            + " { data_type: TYPE_INT32 dims: [5] zero_data: true } } }");

    ModelRepository repo = start();

    assertThat(repo.index())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(ModelState.UNAVAILABLE);
              assertThat(r.reason())
                  .startsWith(
                      "model 'versioned_add' version 2: warm-up 'wrong_dims' failed on instance 0: ");
            });
    assertThat(reports).isEmpty();
  }
}
