package io.medulla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.runtime.ModelProfile;
import io.medulla.server.ProfileFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code medulla profile} end to end on a copy of an example model, with few iterations. */
class ProfileCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "models");

  @TempDir Path repo;
  private StringWriter err = new StringWriter();
  private StringWriter out = new StringWriter();

  @BeforeEach
  void copyExample() {
    copyTree(EXAMPLES.resolve("simple"), repo.resolve("simple"));
  }

  private int run(String... args) {
    err = new StringWriter();
    out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));
    return cli.execute(args);
  }

  private int profile(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "profile",
                "--model-repository",
                repo.toString(),
                "--iterations",
                "3",
                "--warmup-iterations",
                "1"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void writesTheProfileNextToTheModelAndPrintsASummary() {
    int status = profile("--model", "simple", "--batch-sizes", "1,8", "--progress", "lines");

    assertThat(status).as(err.toString()).isZero();
    Path file = repo.resolve("simple").resolve("profile.json");
    ModelProfile p = ProfileFile.read(file);
    assertThat(p.model()).isEqualTo("simple");
    assertThat(p.points())
        .extracting(pt -> List.of(pt.batchSize(), pt.instances()))
        .containsExactly(List.of(1, 1), List.of(1, 2), List.of(8, 1), List.of(8, 2));
    assertThat(out.toString())
        .contains("Profile of model 'simple' version 1 (onnxruntime_onnx)")
        .contains("load ", "warm-up ", "footprint ", " on host")
        .contains("BATCH", "INSTANCES", "P50 MS", "P99 MS", "THROUGHPUT/S")
        .contains("Profile written to " + file);
    assertThat(out.toString().lines().filter(l -> l.matches(" +[18] +[12] +[0-9.]+ .*")))
        .hasSize(4);
    assertThat(err.toString())
        .contains("[0/1] loading model 'simple'")
        .contains("[1/6] warming up")
        .contains("[2/6] batch 1, 1 instance")
        .contains("[6/6] done")
        .doesNotContain("\r");
  }

  @Test
  void theBarRedrawsInPlaceAndEndsItsLine() {
    int status =
        profile("--model", "simple", "--batch-sizes", "2", "--instances", "1", "--progress", "bar");

    assertThat(status).as(err.toString()).isZero();
    assertThat(err.toString()).contains("\r[", "] 3/3 done").endsWith(System.lineSeparator());
  }

  @Test
  void writesWhereOutputSaysWithTheFlagsSettings() {
    Path file = repo.resolve("profiles").resolve("simple.json");

    int status =
        profile(
            "--model",
            "simple",
            "--version",
            "1",
            "--batch-sizes",
            "4",
            "--instances",
            "1",
            "--onnx-intra-op-threads",
            "2",
            "--progress",
            "none",
            "--output",
            file.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(ProfileFile.read(file).settings().intraOpThreads()).isEqualTo(2);
    assertThat(repo.resolve("simple").resolve("profile.json")).doesNotExist();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void anUnknownModelIsAUsageErrorThatNamesTheModelsThereAre() {
    int status = profile("--model", "nope", "--progress", "none");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("medulla profile: --model: no model 'nope'")
        .contains("(models: simple)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(
            run(
                "profile",
                "--model-repository",
                repo.toString(),
                "--model",
                "simple",
                "--iterations",
                "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--iterations: 0");

    assertThat(profile("--model", "simple", "--batch-sizes", "16", "--progress", "none"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--batch-sizes: 16 (expected: at most 8");

    assertThat(profile("--model", "simple", "--version", "4", "--progress", "none")).isEqualTo(2);
    assertThat(err.toString()).contains("does not serve version 4");

    assertThat(
            run(
                "profile",
                "--model-repository",
                repo.resolve("missing").toString(),
                "--model",
                "x"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("is not a directory");

    assertThat(run("profile", "--model-repository", repo.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--model");
  }

  @Test
  void aModelThatFailsToLoadExitsOneWithTheReason() throws IOException {
    copyTree(EXAMPLES.resolve("simple"), repo.resolve("broken"));
    Files.writeString(
        repo.resolve("broken/config.pbtxt"),
        Files.readString(repo.resolve("broken/config.pbtxt")).replace("\"simple\"", "\"broken\""));
    Files.write(repo.resolve("broken/1/model.onnx"), new byte[] {1, 2, 3});

    int status = profile("--model", "broken", "--progress", "none");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .contains("medulla profile: model 'broken' could not be profiled")
        .contains("model.onnx");
    assertThat(repo.resolve("broken").resolve("profile.json")).doesNotExist();
  }

  @Test
  void helpListsTheFlags() {
    assertThat(run("profile", "--help")).isZero();
    assertThat(out.toString())
        .contains("--model-repository", "--batch-sizes", "--instances", "--version", "--output");
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
