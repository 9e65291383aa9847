package io.medulla.cli;

import io.medulla.planning.PlacedDevice;
import io.medulla.planning.PlacedInstance;
import io.medulla.simulation.ClassSlo;
import io.medulla.simulation.HourlyResult;
import io.medulla.simulation.RequestStats;
import io.medulla.simulation.SimulationResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link PlanResult} as one self-contained HTML page: inline CSS and inline SVG charts,
 * no scripts and nothing fetched from the network, so that it opens from a file on a machine
 * without internet access. Stateless.
 */
final class PlanHtml {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 220;
  private static final int PAD = 40;

  private PlanHtml() {}

  static String render(PlanResult r, String workload) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Medulla capacity plan</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;")
        .append("padding:.25em .6em;text-align:right}th{background:#f3f3f3}td:first-child,")
        .append("th:first-child{text-align:left}.bad{color:#b00020;font-weight:bold}")
        .append(".good{color:#1b7f3b}svg{background:#fafafa;border:1px solid #ddd}")
        .append("</style></head><body>\n");
    h.append("<h1>Capacity plan</h1>\n<p>Workload <code>")
        .append(esc(workload))
        .append("</code>")
        .append(
            r.loadMultiplier() == 1
                ? ""
                : String.format(Locale.ROOT, ", load &times; %.2f", r.loadMultiplier()))
        .append(r.devicesMinusOne() ? ", one device fewer" : "")
        .append(".</p>\n");
    h.append("<h2>Answer</h2>\n<ul>");
    h.append("<li>")
        .append(r.packing().devices().size())
        .append(" device(s): ")
        .append(esc(deviceCounts(r)))
        .append(String.format(Locale.ROOT, "; cost %.2f", r.packing().totalCost()))
        .append("</li>");
    if (!r.fits()) {
      h.append("<li class=\"bad\">Does not fit: ");
      r.packing().unplaceable().forEach(u -> h.append(esc(u.model() + " (" + u.detail() + ") ")));
      h.append("</li>");
    }
    SimulationResult peak = r.peak();
    if (peak != null) {
      h.append("<li>Peak hour ")
          .append(String.format(Locale.ROOT, "%02d:00", r.demand().peakHour()))
          .append(": ")
          .append(
              peak.meetsSlos()
                  ? "<span class=\"good\">every SLO met</span>"
                  : "<span class=\"bad\">an SLO is missed</span>")
          .append("</li>");
    }
    PlanResult.Headroom head = r.headroom();
    if (head != null) {
      h.append("<li>Headroom: ")
          .append(
              String.format(
                  Locale.ROOT,
                  "load can grow to &times; %.2f%s",
                  head.multiplier(),
                  head.capped() ? " (the search cap) without missing an SLO" : ""))
          .append(
              head.breakingClass() == null
                  ? ""
                  : "; first to break: class <b>" + esc(head.breakingClass()) + "</b>")
          .append(
              head.busiestModel() == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      ", busiest model <b>%s</b> at %.0f%%",
                      esc(head.busiestModel()),
                      100 * head.busiestUtilisation()))
          .append("</li>");
    }
    List<PlacedDevice> devices = r.packing().devices();
    int memory = PlanJson.fullest(devices, true);
    int compute = PlanJson.fullest(devices, false);
    if (memory >= 0 && compute >= 0) {
      h.append(
          String.format(
              Locale.ROOT,
              "<li>Memory fills first on device %d (%.0f%% used); compute on device %d (%.0f%%"
                  + " planned)</li>",
              memory,
              100 * devices.get(memory).memoryFraction(),
              compute,
              100 * devices.get(compute).utilisation()));
    }
    h.append("</ul>\n");
    h.append("<h2>Arrivals by hour and capacity</h2>\n").append(hourChart(r));
    if (peak != null) {
      h.append("<h2>Latency by class at the peak hour</h2>\n")
          .append(latencyChart(peak))
          .append(classTable(peak));
    }
    AutoscaleReplay.Result auto = r.autoscale();
    if (auto != null) {
      h.append("<h2>Autoscaling replay</h2>\n<p>")
          .append(
              String.format(
                  Locale.ROOT,
                  "Static peak provisioning: %d replica(s) of %d model(s) all day, %.0f"
                      + " instance-hours. The autoscaling policy, replayed over the day with %d s"
                      + " to add a replica: %.0f instance-hours (%.0f%% %s), %.2f%% of requests"
                      + " on time. Most replicas per hour: %s.",
                  auto.staticReplicas(),
                  auto.modelsPerReplica(),
                  auto.staticInstanceSeconds() / 3600,
                  auto.provisioningDelay().toSeconds(),
                  auto.autoscaledInstanceSeconds() / 3600,
                  100
                      * Math.abs(
                          1 - auto.autoscaledInstanceSeconds() / auto.staticInstanceSeconds()),
                  auto.autoscaledInstanceSeconds() <= auto.staticInstanceSeconds()
                      ? "less"
                      : "more",
                  100 * auto.sloAttainment(),
                  auto.maxReplicasByHour()))
          .append("</p>\n");
    }
    if (!r.queueDelaySlos().isEmpty()) {
      h.append("<h2>Autoscaling signal</h2>\n<p>Queue-delay SLOs for the server's desired replica")
          .append(" count (each class's objective less the slowest p99, per queue on the longest")
          .append(" path): <code>")
          .append(esc(r.queueDelayFlags()))
          .append("</code></p>\n");
    }
    SimulationResult day = r.day();
    if (day != null) {
      h.append("<h2>The whole day, simulated</h2>\n").append(dayTable(day));
    }
    h.append("<h2>Devices</h2>\n").append(deviceChart(r)).append(deviceTable(r));
    h.append("<h2>Graphs: critical path from profiles</h2>\n<table><tr><th>graph</th>")
        .append("<th>critical path</th><th>p50 ms</th><th>p99 ms</th></tr>");
    r.demand()
        .graphs()
        .forEach(
            g ->
                h.append("<tr><td>")
                    .append(esc(g.graph()))
                    .append("</td><td>")
                    .append(
                        String.join(
                            " &rarr; ", g.criticalPath().stream().map(PlanHtml::esc).toList()))
                    .append(
                        String.format(
                            Locale.ROOT,
                            "</td><td>%.2f</td><td>%.2f</td></tr>",
                            PlanJson.ms(g.p50()),
                            PlanJson.ms(g.p99()))));
    h.append("</table>\n<h2>Notes</h2>\n<ul>");
    r.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
    h.append(
        "<li>Latency comes from the simulator running the real scheduler on virtual time with"
            + " profiled execution times; protocol and network time are not included.</li>");
    h.append("</ul>\n</body></html>\n");
    return h.toString();
  }

  private static String deviceCounts(PlanResult r) {
    StringBuilder s = new StringBuilder();
    for (var type : r.deviceTypes()) {
      int n = r.packing().deviceCount(type.name());
      if (n > 0) {
        s.append(s.length() == 0 ? "" : ", ").append(n).append(" x ").append(type.name());
      }
    }
    return s.length() == 0 ? "none" : s.toString();
  }

  /** Bars: requests per second by hour; a line: the load the plan sustains (peak × headroom). */
  private static String hourChart(PlanResult r) {
    List<Double> rates = r.demand().hourlyRequestsPerSecond();
    double peakRate = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    PlanResult.Headroom head = r.headroom();
    double capacity = head == null ? Double.NaN : peakRate * head.multiplier();
    double top = Math.max(peakRate, Double.isNaN(capacity) ? 0 : capacity);
    top = top <= 0 ? 1 : top * 1.1;
    StringBuilder s = svgStart("arrivals");
    double slot = (WIDTH - 2.0 * PAD) / rates.size();
    for (int i = 0; i < rates.size(); i++) {
      double bar = (HEIGHT - 2.0 * PAD) * rates.get(i) / top;
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%02d:00"
                  + " %.2f req/s</title></rect>",
              PAD + i * slot + 1,
              HEIGHT - PAD - bar,
              slot - 2,
              bar,
              i == r.demand().peakHour() ? "#d9822b" : "#4a78b5",
              i,
              rates.get(i)));
      if (i % 3 == 0) {
        s.append(
            text(
                PAD + i * slot + slot / 2,
                HEIGHT - PAD + 14,
                String.format(Locale.ROOT, "%02d", i)));
      }
    }
    if (!Double.isNaN(capacity)) {
      double y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * capacity / top;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#b00020\""
                  + " stroke-dasharray=\"6 4\"/>",
              PAD,
              y,
              WIDTH - PAD,
              y));
      s.append(
          text(WIDTH - PAD - 60, y - 4, String.format(Locale.ROOT, "capacity %.1f/s", capacity)));
    }
    s.append(text(PAD, PAD - 10, String.format(Locale.ROOT, "req/s (max %.2f)", peakRate)));
    return s.append("</svg>\n").toString();
  }

  /** Grouped bars: p50, p95, p99 per class, with the SLO latency as a red tick. */
  private static String latencyChart(SimulationResult peak) {
    // Scaled to the latencies, not the SLOs: a 5 s SLO would flatten 20 ms bars. An SLO above
    // the top is written at the top instead of drawn.
    double top = 1e-3;
    for (Map.Entry<String, RequestStats> e : peak.byClass().entrySet()) {
      top = Math.max(top, PlanJson.ms(e.getValue().p99()));
    }
    top *= 1.5;
    StringBuilder s = svgStart("latency");
    int n = Math.max(1, peak.byClass().size());
    double group = (WIDTH - 2.0 * PAD) / n;
    String[] colours = {"#7fb3e0", "#4a78b5", "#1f3f73"};
    int g = 0;
    for (Map.Entry<String, RequestStats> e : peak.byClass().entrySet()) {
      double[] values = {
        PlanJson.ms(e.getValue().p50()),
        PlanJson.ms(e.getValue().p95()),
        PlanJson.ms(e.getValue().p99())
      };
      String[] labels = {"p50", "p95", "p99"};
      double bw = group / 4;
      for (int k = 0; k < 3; k++) {
        double bar = (HEIGHT - 2.0 * PAD) * values[k] / top;
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s"
                    + " %s %.2f ms</title></rect>",
                PAD + g * group + bw * (k + 0.5),
                HEIGHT - PAD - bar,
                bw - 2,
                bar,
                colours[k],
                esc(e.getKey()),
                labels[k],
                values[k]));
      }
      ClassSlo slo = peak.slos().get(e.getKey());
      if (slo != null && PlanJson.ms(slo.latency()) > top) {
        s.append(
            text(
                PAD + g * group + group / 2,
                PAD - 2,
                String.format(Locale.ROOT, "SLO %.0f ms &#8593;", PlanJson.ms(slo.latency()))));
      } else if (slo != null) {
        double y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * PlanJson.ms(slo.latency()) / top;
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b00020\""
                    + " stroke-width=\"2\"><title>SLO %.0f ms</title></line>",
                PAD + g * group + bw * 0.3,
                y,
                PAD + g * group + bw * 3.7,
                y,
                PlanJson.ms(slo.latency())));
      }
      s.append(text(PAD + g * group + group / 2, HEIGHT - PAD + 14, esc(e.getKey())));
      g++;
    }
    s.append(
        text(
            PAD,
            PAD - 10,
            String.format(Locale.ROOT, "ms (p50, p95, p99; red: SLO), top %.1f", top)));
    return s.append("</svg>\n").toString();
  }

  /** Two bars per device: memory used and compute planned, as fractions of the device. */
  private static String deviceChart(PlanResult r) {
    List<PlacedDevice> devices = r.packing().devices();
    StringBuilder s = svgStart("devices");
    int n = Math.max(1, devices.size());
    double group = (WIDTH - 2.0 * PAD) / n;
    for (int i = 0; i < devices.size(); i++) {
      PlacedDevice d = devices.get(i);
      double[] values = {d.memoryFraction(), d.utilisation()};
      String[] colours = {"#6a9955", "#d9822b"};
      String[] labels = {"memory", "compute"};
      double bw = group / 3;
      for (int k = 0; k < 2; k++) {
        double bar = (HEIGHT - 2.0 * PAD) * Math.min(1, values[k]);
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>device"
                    + " %d %s %.1f%%</title></rect>",
                PAD + i * group + bw * (k + 0.5),
                HEIGHT - PAD - bar,
                bw - 2,
                bar,
                colours[k],
                i,
                labels[k],
                100 * values[k]));
      }
      s.append(
          text(PAD + i * group + group / 2, HEIGHT - PAD + 14, i + " " + esc(d.type().name())));
    }
    s.append(text(PAD, PAD - 10, "fraction of each device: memory (green), compute (orange)"));
    return s.append("</svg>\n").toString();
  }

  private static String classTable(SimulationResult peak) {
    StringBuilder s =
        new StringBuilder(
            "<table><tr><th>class</th><th>arrived</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th>"
                + "<th>SLO</th><th>attained</th></tr>");
    peak.byClass()
        .forEach(
            (name, st) -> {
              ClassSlo slo = peak.slos().get(name);
              s.append(
                  String.format(
                      Locale.ROOT,
                      "<tr><td>%s</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%s</td>"
                          + "<td class=\"%s\">%.2f%%</td></tr>",
                      esc(name),
                      st.arrived(),
                      PlanJson.ms(st.p50()),
                      PlanJson.ms(st.p95()),
                      PlanJson.ms(st.p99()),
                      slo == null
                          ? "none"
                          : String.format(
                              Locale.ROOT,
                              "%.1f%% within %.0f ms",
                              100 * slo.percentile(),
                              PlanJson.ms(slo.latency())),
                      peak.meetsSlo(name) ? "good" : "bad",
                      100 * st.sloAttainment()));
            });
    return s.append("</table>\n").toString();
  }

  private static String dayTable(SimulationResult day) {
    StringBuilder s =
        new StringBuilder(
            "<table><tr><th>hour</th><th>req/s</th><th>p50 ms</th><th>p99 ms</th>"
                + "<th>on time</th></tr>");
    for (HourlyResult hour : day.hours()) {
      RequestStats st = hour.overall();
      boolean late =
          hour.byClass().entrySet().stream()
              .anyMatch(
                  e -> {
                    ClassSlo slo = day.slos().get(e.getKey());
                    return slo != null && e.getValue().sloAttainment() < slo.percentile();
                  });
      s.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%02d:00</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>"
                  + "<td class=\"%s\">%.2f%%</td></tr>",
              hour.hourOfDay(),
              st.arrivalRate(),
              PlanJson.ms(st.p50()),
              PlanJson.ms(st.p99()),
              late ? "bad" : "good",
              100 * st.sloAttainment()));
    }
    return s.append("</table>\n").toString();
  }

  private static String deviceTable(PlanResult r) {
    StringBuilder s =
        new StringBuilder(
            "<table><tr><th>device</th><th>model</th><th>req/s</th><th>batch</th>"
                + "<th>compute share</th><th>memory MiB</th></tr>");
    List<PlacedDevice> devices = r.packing().devices();
    for (int i = 0; i < devices.size(); i++) {
      for (PlacedInstance in : devices.get(i).instances()) {
        s.append(
            String.format(
                Locale.ROOT,
                "<tr><td>%d %s</td><td>%s</td><td>%.2f</td><td>%d</td><td>%.3f</td><td>%.1f</td>"
                    + "</tr>",
                i,
                esc(devices.get(i).type().name()),
                esc(in.model()),
                in.requestsPerSecond(),
                in.batchSize(),
                in.computeShare(),
                in.memoryBytes() / 1048576.0));
      }
    }
    return s.append("</table>\n").toString();
  }

  private static StringBuilder svgStart(String label) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"%s\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-size=\"11\">"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
            label,
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            PAD,
            HEIGHT - PAD,
            WIDTH - PAD,
            HEIGHT - PAD));
  }

  private static String text(double x, double y, String content) {
    return String.format(
        Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, y, content);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
