package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.ModelId;
import io.medulla.time.ManualTicker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a load cost: times on the repository's ticker, warm-up runs, device and memory. */
class LoadReportTest {
  @TempDir Path root;
  final ManualTicker ticker = new ManualTicker();
  final FakeBackend backend =
      new FakeBackend().ticking(ticker, Duration.ofSeconds(5), Duration.ofMillis(250));
  final RecordingListener listener = new RecordingListener();

  private ModelRepository start(ResidentMemory memory, String... models) {
    ModelRepository repo =
        ModelRepository.builder(root)
            .backends(List.of(backend))
            .controlMode(ModelControlMode.EXPLICIT)
            .listener(listener)
            .ticker(ticker)
            .residentMemory(memory)
            .build();
    repo.start(Set.of(models));
    return repo;
  }

  /** A probe that reads the given values in turn. */
  private static ResidentMemory reads(long... values) {
    Deque<Long> queue = new ArrayDeque<>();
    for (long v : values) {
      queue.add(v);
    }
    return () -> queue.isEmpty() ? 0 : queue.poll();
  }

  @Test
  void timesLoadAndWarmupOnTheTickerAndCountsRunsOverInstances() {
    model(
        root,
        "m",
        "max_batch_size: 8\ninstance_group { count: 3 }\n"
            + "dynamic_batching { preferred_batch_size: [4] }",
        1);
    backend.memoryBytes = 7_000;

    start(ResidentMemory.NONE, "m");

    assertThat(listener.reports)
        .containsExactly(
            new LoadReport(
                new ModelId("m", 1),
                Duration.ofSeconds(5).toNanos(),
                Duration.ofMillis(250 * 6).toNanos(),
                6,
                LoadReport.HOST,
                7_000));
  }

  @Test
  void memoryIsTheLargerOfTheBackendsEstimateAndTheResidentSetGrowth() {
    model(root, "m", "max_batch_size: 8", 1);
    backend.memoryBytes = 1_000;

    start(reads(10_000, 60_000), "m");

    assertThat(listener.reports.get(0).memoryBytes()).isEqualTo(50_000);
  }

  @Test
  void aShrinkingResidentSetCountsAsNoGrowth() {
    model(root, "m", "max_batch_size: 8", 1);
    backend.memoryBytes = 1_000;

    start(reads(60_000, 10_000), "m");

    assertThat(listener.reports.get(0).memoryBytes()).isEqualTo(1_000);
  }

  @Test
  void declaredMemoryWins() {
    model(
        root,
        "m",
        "max_batch_size: 8\n"
            + "parameters { key: \"medulla.memory_bytes\" value: { string_value: \"2 GiB\" } }",
        1);
    backend.memoryBytes = 1_000;

    start(reads(10_000, 60_000), "m");

    assertThat(listener.reports.get(0).memoryBytes()).isEqualTo(2L << 30);
  }

  @Test
  void aMalformedDeclaredMemoryIsAConfigErrorNamingTheModelAndField() {
    model(
        root,
        "m",
        "max_batch_size: 8\n"
            + "parameters { key: \"medulla.memory_bytes\" value: { string_value: \"lots\" } }",
        1);

    ModelRepository repo = start(ResidentMemory.NONE, "m");

    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus(
                "m",
                "",
                ModelState.UNAVAILABLE,
                "m/config.pbtxt: parameters['medulla.memory_bytes']: byte size 'lots' is not a"
                    + " byte size (expected: a whole number of bytes, optionally followed by KB,"
                    + " MB, GB, TB, KiB, MiB, GiB or TiB)"));
    assertThat(backend.loaded).isEmpty();
  }

  @Test
  void deviceIsTheFirstInstanceGroupsGpu() {
    model(root, "listed", "instance_group { kind: KIND_GPU gpus: [3, 1] count: 1 }", 1);
    model(root, "unlisted", "instance_group { kind: KIND_GPU count: 1 }", 1);
    model(
        root,
        "cpu_first",
        "instance_group [ { kind: KIND_CPU count: 1 }, { kind: KIND_GPU count: 1 } ]",
        1);

    start(ResidentMemory.NONE, "*");

    assertThat(listener.reports)
        .extracting(r -> r.id().name() + " " + r.device())
        .containsExactlyInAnyOrder("listed gpu3", "unlisted gpu0", "cpu_first host");
  }

  @Test
  void theProcessProbeReadsThisProcessOrZero() {
    // On Linux the resident set of a running JVM is far above zero; elsewhere the probe says 0.
    long bytes = ResidentMemory.ofProcess().bytes();
    if (java.nio.file.Files.isReadable(Path.of("/proc/self/statm"))) {
      assertThat(bytes).isGreaterThan(1 << 20);
    } else {
      assertThat(bytes).isZero();
    }
  }

  @Test
  void theProbeReadsStatmPagesTimesTheKernelPageSize(@TempDir Path proc) {
    RepoFiles.write(proc.resolve("statm"), "1000 250 30 1 0 200 0\n");
    RepoFiles.write(
        proc.resolve("smaps"),
        "55d0-55d1 r--p 00000000 08:01 1 /usr/bin/java\nSize: 4 kB\nKernelPageSize: 16 kB\n");
    assertThat(new ProcStatm(proc).bytes()).isEqualTo(250L * 16 * 1024);

    RepoFiles.write(proc.resolve("smaps"), "");
    assertThat(new ProcStatm(proc).bytes()).isEqualTo(250L * 4096);

    RepoFiles.write(proc.resolve("statm"), "garbage");
    assertThat(new ProcStatm(proc).bytes()).isZero();
    assertThat(new ProcStatm(proc.resolve("missing")).bytes()).isZero();
  }
}
