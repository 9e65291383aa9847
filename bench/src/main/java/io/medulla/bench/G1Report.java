package io.medulla.bench;

import java.util.List;

/**
 * Everything one G1 run measured, as written to {@code bench/results/g1-<timestamp>.json}.
 *
 * @param benchmark the benchmark's id and name
 * @param startedAt when the run started (UTC, ISO-8601)
 * @param environment the machine and how its cores were shared
 * @param setup what was measured and how
 * @param results every (mode, concurrency) run, in the order run
 * @param ratios the G1 figures and goals
 */
record G1Report(
    String benchmark,
    String startedAt,
    Environment environment,
    Setup setup,
    List<RunResult> results,
    G1Ratios ratios) {
  /** Creates a report; copies the results. */
  G1Report {
    results = List.copyOf(results);
  }

  /**
   * The machine the run shared.
   *
   * @param availableProcessors cores visible to the JVM
   * @param loadAverageBefore the system's one-minute load average before the run (-1 if unknown)
   * @param loadAverageAfter the same, after the run
   * @param java the Java runtime
   * @param os the operating system and architecture
   * @param coreSharing how the load generator and the server shared the cores
   */
  record Environment(
      int availableProcessors,
      double loadAverageBefore,
      double loadAverageAfter,
      String java,
      String os,
      String coreSharing) {}

  /**
   * What was measured, and how.
   *
   * @param model the model name
   * @param version the version served
   * @param batchSize samples per request
   * @param instances model instances: sessions in the raw pool and in the server
   * @param dynamicBatching whether the model's configuration enables the dynamic batcher
   * @param intraOpThreads ONNX Runtime intra-op threads per session (raw and served)
   * @param interOpThreads ONNX Runtime inter-op threads per session (raw and served)
   * @param allowSpinning whether idle ONNX Runtime threads spin (raw and served)
   * @param executionThreads the server's execution threads
   * @param warmupSecs warm-up before each run, discarded
   * @param windowSecs length of one measurement window
   * @param windows measurement windows per run
   * @param concurrency the concurrencies run
   * @param modes the modes run
   */
  record Setup(
      String model,
      String version,
      long batchSize,
      int instances,
      boolean dynamicBatching,
      int intraOpThreads,
      int interOpThreads,
      boolean allowSpinning,
      int executionThreads,
      double warmupSecs,
      double windowSecs,
      int windows,
      List<Integer> concurrency,
      List<String> modes) {
    /** Creates a setup; copies the lists. */
    Setup {
      concurrency = List.copyOf(concurrency);
      modes = List.copyOf(modes);
    }
  }
}
