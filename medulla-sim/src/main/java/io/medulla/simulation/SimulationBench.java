package io.medulla.simulation;

import io.medulla.graph.ErrorPolicy;
import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphOutput;
import io.medulla.graph.GraphStep;
import io.medulla.graph.StepCall;
import io.medulla.graph.TensorRef;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.time.Ticker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How fast the simulator runs: a clinical day (three tenants, a two-step CT graph and two direct
 * models, batching, four priority classes, deadlines, bursts) at a given peak rate, simulated once;
 * prints the result's summary and the wall-clock time per simulated request.
 *
 * <pre>
 * java -cp medulla-sim/target/classes:medulla-core/target/classes:$JSPECIFY \
 *     io.medulla.simulation.SimulationBench [--peak 300] [--seed 1] [--from 0] [--hours 24]
 * </pre>
 */
public final class SimulationBench {
  /** The day's shape: each hour's share of the peak rate, midnight first. */
  private static final double[] DAY = {
    0.1, 0.1, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1, 1, 1, 0.95, 1, 1, 0.95, 0.9, 0.7, 0.5, 0.4,
    0.3, 0.2, 0.15, 0.1
  };

  private SimulationBench() {}

  /** Runs the benchmark with the flags above. */
  public static void main(String[] args) {
    Map<String, String> flags = new TreeMap<>();
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("flag without a value: " + args[args.length - 1]);
    }
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected a --flag, got " + args[i]);
      }
      flags.put(args[i].substring(2), args[i + 1]);
    }
    double peak = Double.parseDouble(flags.getOrDefault("peak", "300"));
    long seed = Long.parseLong(flags.getOrDefault("seed", "1"));
    int from = Integer.parseInt(flags.getOrDefault("from", "0"));
    int hours = Integer.parseInt(flags.getOrDefault("hours", "24"));
    run(peak, seed, SimulationWindow.hours(from, hours), Ticker.system(), System.out);
  }

  /** Simulates the day, prints the summary and the speed, and returns the result. */
  static SimulationResult run(
      double peak, long seed, SimulationWindow window, Ticker ticker, PrintStream out) {
    Simulator sim = simulator();
    Workload workload = workload(peak, seed);
    long start = ticker.nanos();
    SimulationResult r = sim.run(workload, window);
    long nanos = ticker.nanos() - start;
    out.println(r.summary());
    long requests = r.overall().arrived();
    out.printf(
        Locale.ROOT,
        "simulated %d requests (peak %.0f/s) in %.2f s: %.2f µs per request%n",
        requests,
        peak,
        nanos / 1e9,
        requests == 0 ? 0 : nanos / 1e3 / requests);
    return r;
  }

  /** Returns the models, the graph and their execution times. */
  static Simulator simulator() {
    TensorSpec image = spec("image", 16);
    TensorSpec boxes = spec("boxes", 4);
    TensorSpec grade = spec("grade", 1);
    return Simulator.builder()
        .model(
            new SimulatedModel(
                "ct_detect",
                1,
                BatchPolicy.clinicalDefaults(16, List.of(8, 16), Duration.ofMillis(2)),
                List.of(image),
                List.of(boxes)))
        .model(
            new SimulatedModel(
                "ct_grade",
                1,
                BatchPolicy.clinicalDefaults(16, List.of(), Duration.ZERO),
                List.of(boxes),
                List.of(grade)))
        .model(
            SimulatedModel.of(
                "xray_classify",
                1,
                BatchPolicy.clinicalDefaults(32, List.of(16, 32), Duration.ofMillis(3))))
        .model(
            SimulatedModel.of(
                "report_summarise", 2, BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO)))
        .graph(
            new GraphDefinition(
                "ct_triage",
                List.of(image),
                List.of(
                    new GraphOutput(
                        "grade",
                        DataType.FP32,
                        Shape.of(-1, 1),
                        TensorRef.parse("grade.grade"),
                        false)),
                List.of(
                    step("detect", "ct_detect", "image", "inputs.image"),
                    step("grade", "ct_grade", "boxes", "detect.boxes"))))
        .executionTimes(
            ExecutionTimes.logNormal(
                Map.of(
                    "ct_detect", Map.of(1, ms(6, 9), 16, ms(30, 42)),
                    "ct_grade", Map.of(1, ms(2, 3), 16, ms(8, 11)),
                    "xray_classify", Map.of(1, ms(4, 6), 32, ms(40, 55)),
                    "report_summarise", Map.of(1, ms(60, 150)))))
        .build();
  }

  /**
   * Returns the day's workload: {@code peak} requests per second in all in the busiest hours, 32%
   * to the CT graph and 32% to X-ray from each hospital, 4% of reports (at every hour).
   */
  static Workload workload(double peak, long seed) {
    RequestStream ct =
        new RequestStream(
            "ct_triage",
            scaled(0.32 * peak),
            Burstiness.gamma(1.5),
            Map.of("stat", 0.05, "urgent", 0.25, "routine", 0.7),
            Duration.ofSeconds(2));
    RequestStream xray =
        new RequestStream(
            "xray_classify",
            scaled(0.32 * peak),
            Burstiness.poisson(),
            Map.of("routine", 0.9, "bulk", 0.1),
            Duration.ofSeconds(5));
    RequestStream reports =
        new RequestStream(
            "report_summarise",
            ArrivalPattern.constant(0.04 * peak),
            Burstiness.poisson(),
            Map.of("bulk", 1.0),
            Duration.ZERO);
    return Workload.of(
            seed,
            TenantWorkload.of("hospital-a", ct, xray),
            TenantWorkload.of(
                "hospital-b",
                xray.withBurstiness(Burstiness.gamma(2)).withPriorityMix(Map.of("routine", 1.0))),
            TenantWorkload.of("research", reports))
        .withSlo("stat", ClassSlo.p99(Duration.ofMillis(250)))
        .withSlo("urgent", ClassSlo.p99(Duration.ofMillis(500)))
        .withSlo("routine", ClassSlo.p99(Duration.ofSeconds(2)));
  }

  private static ArrivalPattern.Hourly scaled(double peak) {
    double[] rates = new double[DAY.length];
    for (int h = 0; h < DAY.length; h++) {
      rates[h] = DAY[h] * peak;
    }
    return ArrivalPattern.hourly(rates);
  }

  private static TensorSpec spec(String name, long width) {
    return TensorSpec.of(name, DataType.FP32, Shape.of(-1, width));
  }

  private static GraphStep step(String name, String model, String input, String from) {
    return new GraphStep(
        name,
        new StepCall.Model(model, ""),
        Map.of(input, TensorRef.parse(from)),
        List.of(),
        null,
        ErrorPolicy.FAIL);
  }

  private static ExecutionPercentiles ms(double p50, double p99) {
    return new ExecutionPercentiles(
        Duration.ofNanos(Math.round(p50 * 1e6)), Duration.ofNanos(Math.round(p99 * 1e6)));
  }
}
