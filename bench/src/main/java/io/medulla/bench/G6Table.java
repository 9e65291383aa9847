package io.medulla.bench;

import java.util.Locale;
import java.util.Map;

/** Renders a {@link G6Report} as the short table people read. */
final class G6Table {
  private G6Table() {}

  static String render(G6Report report) {
    StringBuilder out = new StringBuilder();
    G6Report.Setup setup = report.setup();
    line(out, "G6 graph overhead: graph %s; %s", setup.graph(), setup.path());
    line(out, "cores: %s", report.environment().coreSharing());
    line(
        out,
        "%d windows of %d requests per mode after %d warm-up requests; load average %.2f before,"
            + " %.2f after",
        setup.windows(),
        setup.requestsPerWindow(),
        setup.warmupRequests(),
        report.environment().loadAverage1m(),
        report.environmentAfter().loadAverage1m());
    out.append('\n');
    line(
        out,
        "%-10s %-32s %9s %9s %9s  %s",
        "mode",
        "what",
        "p50 µs",
        "p90 µs",
        "p99 µs",
        "stability");
    for (Map.Entry<String, G6Report.ModeResult> e : report.modes().entrySet()) {
      G6Report.ModeResult m = e.getValue();
      line(
          out,
          "%-10s %-32s %9.1f %9.1f %9.1f  %s",
          e.getKey(),
          m.what(),
          m.latency().p50Micros(),
          m.latency().p90Micros(),
          m.latency().p99Micros(),
          m.stable() ? "stable" : "UNSTABLE (" + m.stability() + ")");
    }
    out.append('\n');
    G6Report.CriticalPath path = report.criticalPath();
    line(
        out,
        "critical path %s: p50 sum %.1f µs, p99 sum %.1f µs",
        String.join(" -> ", path.steps()),
        path.p50SumMicros(),
        path.p99SumMicros());
    line(
        out,
        "all steps one after another: p50 sum %.1f µs; graph p50 / that sum: %.3f (below 1:"
            + " parallel steps gained; above 1: the graph's own overhead)",
        path.allStepsP50SumMicros(),
        report.ratios().graphP50OverAllStepsP50Sum());
    line(out, "graph p50 / client p50: %.3f", report.ratios().graphP50OverClientP50());
    for (G6Report.Goal g : report.goals()) {
      line(
          out,
          "goal %-36s %.3f %s  %s%s",
          g.what(),
          g.value(),
          g.goal(),
          g.met() ? "MET" : "MISSED",
          g.stable() ? "" : " (unstable runs)");
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
