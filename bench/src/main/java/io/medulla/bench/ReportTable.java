package io.medulla.bench;

import java.util.List;
import java.util.Locale;

/** Renders a {@link G1Report} as the short table people read. */
final class ReportTable {
  private ReportTable() {}

  /** Returns the table: setup, one line per run, the ratios and the goals. */
  static String render(G1Report report) {
    StringBuilder out = new StringBuilder();
    G1Report.Setup s = report.setup();
    G1Report.Environment e = report.environment();
    line(
        out,
        "G1 serving overhead: %s v%s, batch %d, %d instance(s)%s; ORT intra-op %d, inter-op %d,"
            + " spinning %s",
        s.model(),
        s.version(),
        s.batchSize(),
        s.instances(),
        s.dynamicBatching() ? ", dynamic batching configured" : "",
        s.intraOpThreads(),
        s.interOpThreads(),
        s.allowSpinning() ? "on" : "off");
    line(out, "cores: %s", e.coreSharing());
    line(
        out,
        "load average %.2f before, %.2f after; warm-up %.1f s, %d windows of %.1f s per run",
        e.loadAverageBefore(),
        e.loadAverageAfter(),
        s.warmupSecs(),
        s.windows(),
        s.windowSecs());
    out.append('\n');
    line(
        out,
        "%-18s %5s %10s %9s %9s %9s %8s  %s",
        "mode",
        "conc",
        "req/s",
        "p50 µs",
        "p90 µs",
        "p99 µs",
        "vs raw",
        "stability");
    List<G1Ratios.ThroughputRatio> ratios = report.ratios().throughput();
    for (RunResult r : report.results()) {
      if (r.error() != null) {
        line(out, "%-18s %5d  FAILED: %s", r.mode(), r.concurrency(), r.error());
        continue;
      }
      String vsRaw =
          r.mode().equals(Mode.RAW.label())
              ? "1.00"
              : ratios.stream()
                  .filter(t -> t.mode().equals(r.mode()) && t.concurrency() == r.concurrency())
                  .map(t -> String.format(Locale.ROOT, "%.2f", t.ratio()))
                  .findFirst()
                  .orElse("-");
      line(
          out,
          "%-18s %5d %10.0f %9.1f %9.1f %9.1f %8s  %s",
          r.mode(),
          r.concurrency(),
          r.throughput(),
          r.latency().p50Micros(),
          r.latency().p90Micros(),
          r.latency().p99Micros(),
          vsRaw,
          r.stability().isStable() ? "stable" : "UNSTABLE (" + r.stability().detail() + ")");
    }
    out.append('\n');
    for (G1Ratios.SaturationRatio sat : report.ratios().saturation()) {
      line(
          out,
          "saturation %-13s %8.0f req/s (c=%d) / raw %8.0f req/s (c=%d) = %.2f%s",
          sat.mode(),
          sat.servedPeak(),
          sat.servedAtConcurrency(),
          sat.rawPeak(),
          sat.rawAtConcurrency(),
          sat.ratio(),
          sat.stable() ? "" : " (unstable)");
    }
    for (G1Ratios.AddedLatency a : report.ratios().addedP50AtConcurrency1()) {
      line(
          out,
          "added p50 at c=1 %-18s %+.3f ms (%.1f µs vs raw %.1f µs)%s",
          a.mode(),
          a.addedMillis(),
          a.servedP50Micros(),
          a.rawP50Micros(),
          a.stable() ? "" : " (unstable)");
    }
    out.append('\n');
    for (G1Ratios.GoalCheck g : report.ratios().goals()) {
      line(
          out,
          "goal %-32s %-18s %8.3f %-7s %s%s",
          g.goal(),
          g.mode(),
          g.measured(),
          g.target(),
          g.met() ? "MET" : "MISSED",
          g.stable() ? "" : " (unstable: does not count)");
    }
    return out.toString();
  }

  // Every caller passes a literal format; the annotation that would prove it is not a dependency.
  @SuppressWarnings("AnnotateFormatMethod")
  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
