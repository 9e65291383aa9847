package io.medulla.bench;

import java.util.Locale;

/** Renders a {@link G7Report} as the table the benchmark prints. */
final class G7Table {
  private G7Table() {}

  static String render(G7Report report) {
    StringBuilder s = new StringBuilder();
    line(s, "G7 cold start, %s", report.startedAt());
    line(
        s,
        "cores: %d, load average %.2f before, %.2f after; %s",
        report.environment().cores(),
        report.environment().loadAverage1m(),
        report.environmentAfter().loadAverage1m(),
        report.environment().coreSharing());
    ServerColdStart.Result a = report.partA();
    if (a == null) {
      line(s, "part A FAILED: %s", String.valueOf(report.partAError()));
    } else {
      line(
          s,
          "part A: real server, ON_DEMAND, binary REST, audit off; schedule fired %s%s",
          a.firingAt(),
          a.waitedForFiring() ? "" : " (not waited for: smoke run)");
      line(s, "%-42s %6s %10s %10s %10s", "request", "n", "p50 µs", "p90 µs", "max µs");
      row(s, "first, lazy load", a.lazyFirst());
      row(s, "first, pre-warmed", a.prewarmedFirst());
      row(s, "second, after a lazy first", a.lazySecond());
      row(s, "second, after a pre-warmed first", a.prewarmedSecond());
      row(s, "revisit of a pre-warmed model", a.prewarmedRevisit());
      row(s, "steady state", a.steady());
      row(s, "steady, just before each pre-warmed first", a.adjacentSteady());
      line(
          s,
          "steady p50 before / after the pre-warmed firsts: %.1f / %.1f µs; pre-warmed first p50"
              + " / adjacent steady p50: %.2f, / revisit p50: %.2f",
          a.steadyBeforeP50Micros(),
          a.steadyAfterP50Micros(),
          a.prewarmedOverAdjacentSteady(),
          a.prewarmedOverRevisit());
      for (ServerColdStart.GroupMetrics g : a.serverMetrics()) {
        line(
            s,
            "server metrics %-6s loads %s, load %.1f ms, warm-up %.1f ms (means, whole ms),"
                + " cold-start requests %.0f (mean wait %.1f ms)",
            g.group(),
            g.loadsByCause(),
            g.meanLoadMillis(),
            g.meanWarmupMillis(),
            g.coldStartRequests(),
            g.meanColdStartWaitMillis());
      }
    }
    MorningSimulation.Result b = report.partB();
    if (b == null) {
      line(s, "part B FAILED: %s", String.valueOf(report.partBError()));
    } else {
      line(
          s,
          "part B: simulated %s %s %s, %d morning + %d evening models, budget fits %d, %d"
              + " requests per model (virtual time)",
          b.date(),
          b.zone(),
          b.day(),
          b.morningModels().size(),
          b.eveningModels().size(),
          b.modelsThatFit(),
          b.requestsPerModel());
      line(
          s,
          "%-18s %8s %11s %10s %10s %14s",
          "day",
          "requests",
          "cold starts",
          "loads",
          "evictions",
          "real load ms");
      day(s, "with schedule", b.withSchedule());
      day(s, "without schedule", b.withoutSchedule());
    }
    for (G7Report.Goal g : report.goals()) {
      line(
          s,
          "goal %-70s %8.2f %-6s %s",
          g.what(),
          g.figure(),
          g.target(),
          g.met() ? "MET" : "MISSED");
    }
    return s.toString();
  }

  private static void row(StringBuilder s, String what, LatencyStats l) {
    line(
        s,
        "%-42s %6d %10.1f %10.1f %10.1f",
        what,
        l.count(),
        l.p50Micros(),
        l.p90Micros(),
        l.maxMicros());
  }

  private static void day(StringBuilder s, String what, MorningSimulation.Day d) {
    line(
        s,
        "%-18s %8d %11d %10s %10d %14.1f",
        what,
        d.requests(),
        d.coldStarts(),
        d.loadsByCause(),
        d.evictions(),
        d.realLoadMillis());
  }

  private static void line(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
