package io.medulla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medulla.planning.DeviceType;
import io.medulla.simulation.RequestStats;
import io.medulla.simulation.SimulationResult;
import io.medulla.simulation.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medulla plan}: from a workload file and the profiles in a model repository, says how many
 * devices of which type a peak needs, which instances go where, the predicted latency per class at
 * the peak, the headroom and what breaks first; writes {@code plan.json} and {@code plan.html}. See
 * docs/PLANNING.md.
 *
 * <p>Exit status: 0 when the plan is written (even when it misses an SLO: that is an answer); 2 for
 * bad arguments, an invalid workload or a missing profile; 1 when a model fails to load or the
 * report cannot be written.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Sizes a deployment for a workload: devices, instances, predicted latency per class at"
            + " the peak, headroom; writes plan.json and plan.html.")
final class PlanCommand implements Callable<Integer> {
  private static final long GIB = 1L << 30;

  @SuppressWarnings("NullAway.Init") // picocli injects it before call()
  @Spec
  CommandSpec spec;

  @Option(
      names = "--workload",
      required = true,
      paramLabel = "FILE",
      description = "The workload description (YAML, see docs/PLANNING.md).")
  Path workload = Path.of("workload.yaml");

  @Option(
      names = "--model-repository",
      required = true,
      paramLabel = "DIR",
      description = "The model repository, with a profile.json per model (medulla profile).")
  Path modelRepository = Path.of(".");

  @Option(
      names = "--device",
      paramLabel = "NAME:MEMORY:SPEED:COST",
      description =
          "A device type on offer, repeatable; MEMORY in bytes or with KiB, MiB, GiB (e.g."
              + " gpu:80GiB:4:10). Default: one 'cpu' type like this machine (its memory, speed"
              + " 1, cost 1).")
  List<String> devices = new ArrayList<>();

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Where plan.json and plan.html go (default: ${DEFAULT-VALUE}).")
  Path output = Path.of("medulla-plan");

  @Option(
      names = "--load-multiplier",
      paramLabel = "X",
      description = "What if: multiply every hourly rate by X (default: 1).")
  double loadMultiplier = 1;

  @Option(
      names = "--devices-minus-one",
      description = "What if: one device fewer than packing chose.")
  boolean devicesMinusOne;

  @Option(
      names = "--max-utilisation",
      paramLabel = "U",
      description = "The packer's compute ceiling per device, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double maxUtilisation = 0.8;

  @Option(
      names = "--whole-day",
      description = "Simulate the whole day too, not only the peak hour.")
  boolean wholeDay;

  @Option(
      names = "--autoscale",
      description =
          "Replay the day with the autoscaling policy and compare its instance-seconds with"
              + " static peak provisioning.")
  boolean autoscale;

  @Option(
      names = "--provisioning-delay-seconds",
      description =
          "With --autoscale: how long a replica the policy adds takes to serve, node and model"
              + " loads included (default: ${DEFAULT-VALUE}).")
  int provisioningDelaySeconds = 45;

  @Option(
      names = "--no-headroom",
      negatable = false,
      description = "Skip the headroom search (several simulations of the peak hour).")
  boolean noHeadroom;

  @Override
  public Integer call() {
    if (!Files.isDirectory(modelRepository)) {
      return usage("--model-repository: " + modelRepository + " is not a directory");
    }
    if (!(loadMultiplier > 0) || Double.isInfinite(loadMultiplier)) {
      return usage("--load-multiplier: " + loadMultiplier + " (expected: a number > 0)");
    }
    if (provisioningDelaySeconds < 0) {
      return usage(
          "--provisioning-delay-seconds: " + provisioningDelaySeconds + " (expected: >= 0)");
    }
    if (!(maxUtilisation > 0 && maxUtilisation <= 1)) {
      return usage("--max-utilisation: " + maxUtilisation + " (expected: in (0, 1])");
    }
    List<DeviceType> types;
    Workload load;
    PlanSetup setup;
    try {
      types = deviceTypes();
      load = WorkloadFile.read(workload);
      setup = PlanSetup.read(modelRepository, load);
    } catch (PlanSetup.MissingProfile e) {
      return usage(String.valueOf(e.getMessage()));
    } catch (IllegalArgumentException e) {
      return usage(String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      return failure("cannot read the repository: " + e);
    }
    PlanResult result;
    try {
      result =
          new PlanRun(
                  setup,
                  types,
                  new PlanRun.Options(
                      loadMultiplier,
                      devicesMinusOne,
                      maxUtilisation,
                      wholeDay,
                      !noHeadroom,
                      autoscale,
                      Duration.ofSeconds(provisioningDelaySeconds)))
              .plan(load);
    } catch (IllegalArgumentException e) {
      return usage(String.valueOf(e.getMessage()));
    }
    try {
      Files.createDirectories(output);
      Map<String, Object> json =
          PlanJson.of(result, workload.toString(), modelRepository.toString());
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(output.resolve("plan.json").toFile(), json);
      Files.writeString(
          output.resolve("plan.html"),
          PlanHtml.render(result, workload.toString()),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return failure(output + ": cannot write the plan (" + e.getMessage() + ")");
    }
    printSummary(result);
    return 0;
  }

  private void printSummary(PlanResult r) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "Plan for %s%s%s%n",
        workload,
        loadMultiplier == 1 ? "" : String.format(Locale.ROOT, " (load x %.2f)", loadMultiplier),
        devicesMinusOne ? " (one device fewer)" : "");
    out.printf(
        Locale.ROOT,
        "  devices      %d, cost %.2f%s%n",
        r.packing().devices().size(),
        r.packing().totalCost(),
        Double.isNaN(r.exactCost())
            ? ""
            : String.format(
                Locale.ROOT,
                " (heuristic %.2f, exact %.2f%s)",
                r.heuristicCost(),
                r.exactCost(),
                r.exactProvenOptimal() ? ", optimal" : ""));
    for (int i = 0; i < r.packing().devices().size(); i++) {
      var d = r.packing().devices().get(i);
      out.printf(
          Locale.ROOT,
          "    %d %-10s memory %5.1f%%  compute %5.1f%%  %s%n",
          i,
          d.type().name(),
          100 * d.memoryFraction(),
          100 * d.utilisation(),
          d.instances().stream().map(in -> in.model()).toList());
    }
    r.packing()
        .unplaceable()
        .forEach(u -> out.printf(Locale.ROOT, "  DOES NOT FIT %s: %s%n", u.model(), u.detail()));
    SimulationResult peak = r.peak();
    if (peak != null) {
      out.printf(Locale.ROOT, "  peak hour    %02d:00%n", r.demand().peakHour());
      peak.byClass()
          .forEach(
              (name, s) ->
                  out.printf(
                      Locale.ROOT,
                      "    class %-8s p50 %8.2f ms  p99 %8.2f ms  SLO attained %6.2f%% %s%n",
                      name,
                      PlanJson.ms(s.p50()),
                      PlanJson.ms(s.p99()),
                      100 * s.sloAttainment(),
                      verdict(peak, name, s)));
    }
    PlanResult.Headroom h = r.headroom();
    if (h != null) {
      out.printf(
          Locale.ROOT,
          "  headroom     load x %.2f%s%s%n",
          h.multiplier(),
          h.capped() ? " (search cap)" : "",
          h.breakingClass() == null
              ? ""
              : ", then class "
                  + h.breakingClass()
                  + " breaks first (busiest: "
                  + h.busiestModel()
                  + ")");
    }
    AutoscaleReplay.Result a = r.autoscale();
    if (a != null) {
      out.printf(
          Locale.ROOT,
          "  autoscale    %.0f instance-hours vs %.0f static (%d replicas), %.2f%% on time,"
              + " at most %d replicas (%d s to add one)%n",
          a.autoscaledInstanceSeconds() / 3600,
          a.staticInstanceSeconds() / 3600,
          a.staticReplicas(),
          100 * a.sloAttainment(),
          a.peakReplicas(),
          a.provisioningDelay().toSeconds());
    }
    if (!r.queueDelaySlos().isEmpty()) {
      out.println("  autoscaling  medulla serve ... " + r.queueDelayFlags());
    }
    out.println(
        "  report       " + output.resolve("plan.html") + ", " + output.resolve("plan.json"));
    out.flush();
  }

  private static String verdict(SimulationResult peak, String name, RequestStats s) {
    return peak.slos().containsKey(name) ? (peak.meetsSlo(name) ? "met" : "MISSED") : "";
  }

  /** The types from --device, or one like this machine. */
  List<DeviceType> deviceTypes() {
    if (devices.isEmpty()) {
      return List.of(new DeviceType("cpu", machineMemory(), 1, 1));
    }
    List<DeviceType> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String text : devices) {
      String[] parts = text.split(":", -1);
      if (parts.length != 4) {
        throw new IllegalArgumentException(
            "--device " + text + " (expected: NAME:MEMORY:SPEED:COST, e.g. gpu:80GiB:4:10)");
      }
      if (!names.add(parts[0])) {
        throw new IllegalArgumentException("--device " + parts[0] + ": given twice");
      }
      try {
        out.add(
            new DeviceType(
                parts[0],
                bytes(parts[1]),
                Double.parseDouble(parts[2]),
                Double.parseDouble(parts[3])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--device " + text + ": " + e.getMessage() + " (expected: numbers)", e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--device " + text + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  static long bytes(String text) {
    String t = text.trim();
    long unit = 1;
    for (String[] u : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length());
      }
    }
    return Math.round(Double.parseDouble(t) * unit);
  }

  private static long machineMemory() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize();
    }
    return 8 * GIB;
  }

  private int usage(String message) {
    err().println("medulla plan: " + message);
    err().flush();
    return 2;
  }

  private int failure(String message) {
    err().println("medulla plan: " + message);
    err().flush();
    return 1;
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
