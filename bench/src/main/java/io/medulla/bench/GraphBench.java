package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.medulla.engine.InferenceEngine;
import io.medulla.engine.ModelMetadata;
import io.medulla.graph.BoundFunction;
import io.medulla.graph.FunctionRegistry;
import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphFileReader;
import io.medulla.graph.GraphPlan;
import io.medulla.graph.GraphStep;
import io.medulla.graph.GraphValidator;
import io.medulla.graph.StepCall;
import io.medulla.graph.StepSignature;
import io.medulla.inference.DataType;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.server.MedullaServer;
import io.medulla.server.ServerConfig;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Goal G6 of BENCHMARKS.md, graph overhead: runs a graph through the in-process engine one request
 * at a time and compares its latency with (a) the sum of its critical path's step times, each step
 * measured alone with the same inputs, and (b) a client that calls the same steps one by one,
 * awaiting each. Prints a table and writes {@code bench/results/g6-<time>.json}.
 *
 * <p>Every FP32 graph input is filled with 1.0 at batch size 1 (for the clinical triage example
 * this makes the classifier find something, so the conditional detail step runs too). Modes take
 * turns request by request, so that drift in the machine's load affects them alike.
 */
public final class GraphBench {
  private final G6Options options;
  private final Ticker ticker;
  private final WallClock wall;
  private final PrintStream out;
  private final AtomicLong ids = new AtomicLong();

  GraphBench(G6Options options, Ticker ticker, WallClock wall, PrintStream out) {
    this.options = requireNonNull(options, "options");
    this.ticker = requireNonNull(ticker, "ticker");
    this.wall = requireNonNull(wall, "wall");
    this.out = requireNonNull(out, "out");
  }

  /** Runs G6 with the given flags; exits 2 on a bad flag. */
  public static void main(String[] args) throws IOException {
    G6Options options;
    try {
      options = G6Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(G6Options.USAGE);
      System.exit(2);
      return;
    }
    GraphBench bench = new GraphBench(options, Ticker.system(), WallClock.system(), System.out);
    G6Report report = bench.run();
    System.out.print(G6Table.render(report));
    System.out.println("results: " + bench.write(report));
    System.exit(0);
  }

  /** A thing measured: one call, on the calling thread, that must succeed. */
  @FunctionalInterface
  private interface Call {
    void run();
  }

  /** Runs every mode and returns the report. */
  G6Report run() throws IOException {
    String startedAt = wall.now().toString();
    G6Report.Environment before = environment("before");
    ServerConfig config =
        ServerConfig.defaults(options.repository()).withEphemeralPorts().toBuilder()
            .audit(
                io.medulla.server.AuditSettings.inDirectory(
                    java.nio.file.Files.createTempDirectory("medulla-g6")))
            .build();
    G6Report.Setup setup;
    Map<String, G6Report.ModeResult> modes;
    GraphPlan plan;
    try (MedullaServer server = MedullaServer.start(config)) {
      InferenceEngine engine = server.engine();
      GraphDefinition graph = readGraph();
      plan =
          GraphValidator.validate(
              graph, (m, v) -> signature(engine.modelMetadata(m, v)), FunctionRegistry.builtins());
      List<Tensor> inputs = inputs(graph);
      ClientOrchestrator client = new ClientOrchestrator(engine, graph, plan.stepOrder());
      client.run(inputs, context());
      InferenceRequest graphRequest =
          new InferenceRequest(graph.name(), "", "", inputs, List.of(), Map.of(), context());

      Map<String, Call> calls = new LinkedHashMap<>();
      calls.put("graph", () -> check(engine.infer(graphRequest.withContext(context())).join()));
      calls.put("client", () -> client.run(inputs, context()));
      Map<String, String> kinds = new LinkedHashMap<>();
      kinds.put("graph", "the graph, in-process");
      kinds.put("client", "the steps one by one, each awaited");
      for (GraphStep s : graph.steps()) {
        InferenceRequest r = client.modelRequests.get(s.name());
        Map<String, Tensor> in = client.functionInputs.get(s.name());
        if (r != null) {
          calls.put(s.name(), () -> check(engine.infer(r.withContext(context())).join()));
        } else if (in != null) {
          BoundFunction f = client.function(s, in);
          calls.put(s.name(), () -> f.apply(in));
        }
        kinds.put(
            s.name(),
            (s.call() instanceof StepCall.Model ? "model " : "function ")
                + s.call().target()
                + (r == null && in == null ? " (skipped)" : "")
                + " alone");
      }
      modes = G6Results.modes(measure(calls), kinds);
      setup = setup(graph, plan, kinds);
    }
    G6Report.CriticalPath path = G6Results.criticalPath(plan, modes);
    G6Report.Ratios ratios = G6Results.ratios(modes, path);
    return new G6Report(
        "g6",
        startedAt,
        before,
        setup,
        modes,
        path,
        ratios,
        G6Results.goals(modes, ratios),
        environment("after"));
  }

  private Map<String, List<long[]>> measure(Map<String, Call> modes) {
    for (Map.Entry<String, Call> m : modes.entrySet()) {
      out.println("g6: warming up " + m.getKey());
      for (int i = 0; i < options.warmupRequests(); i++) {
        m.getValue().run();
      }
    }
    // Modes take turns request by request, so that bursts of other work on the machine fall on
    // every mode alike: on a shared, loaded machine that matters more than anything else here.
    Map<String, List<long[]>> windows = new LinkedHashMap<>();
    List<Call> order = List.copyOf(modes.values());
    for (int w = 0; w < options.windows(); w++) {
      out.println("g6: window " + (w + 1) + " of " + options.windows());
      long[][] latencies = new long[order.size()][options.requests()];
      for (int i = 0; i < options.requests(); i++) {
        for (int m = 0; m < order.size(); m++) {
          long start = ticker.nanos();
          order.get(m).run();
          latencies[m][i] = ticker.nanos() - start;
        }
      }
      int m = 0;
      for (String mode : modes.keySet()) {
        windows.computeIfAbsent(mode, k -> new ArrayList<>()).add(latencies[m++]);
      }
    }
    return windows;
  }

  private G6Report.Setup setup(GraphDefinition graph, GraphPlan plan, Map<String, String> kinds) {
    return new G6Report.Setup(
        graph.name(),
        options.repository().toString(),
        kinds,
        plan.dependencies(),
        "every FP32 input filled with 1.0, batch size 1",
        options.warmupRequests(),
        options.requests(),
        options.windows(),
        "in-process engine, one request at a time; the client awaits each step before the next");
  }

  /** Writes the report as {@code g6-<time>.json} in the results folder and returns the file. */
  Path write(G6Report report) throws IOException {
    Files.createDirectories(options.resultsDir());
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(wall.now());
    Path file = options.resultsDir().resolve("g6-" + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    return file;
  }

  private GraphDefinition readGraph() throws IOException {
    Path file = options.repository().resolve(options.graph()).resolve("graph.yaml");
    Object tree = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Object.class);
    return GraphFileReader.read(options.graph(), tree);
  }

  private static StepSignature signature(ModelMetadata m) {
    return new StepSignature(m.inputs(), m.outputs());
  }

  /** Returns one batch-1 tensor per graph input: FP32 filled with 1.0, other types zero. */
  private static List<Tensor> inputs(GraphDefinition graph) {
    List<Tensor> out = new ArrayList<>();
    for (TensorSpec spec : graph.inputs()) {
      long[] dims = spec.shape().toArray();
      for (int i = 0; i < dims.length; i++) {
        dims[i] = dims[i] < 0 ? 1 : dims[i];
      }
      Shape shape = Shape.of(dims);
      int n = (int) shape.elementCount().orElseThrow();
      ByteBuffer data;
      if (spec.dataType() == DataType.BYTES) {
        data = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      } else {
        data = ByteBuffer.allocate(n * spec.dataType().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        if (spec.dataType() == DataType.FP32) {
          for (int i = 0; i < n; i++) {
            data.putFloat(i * 4, 1f);
          }
        }
      }
      out.add(Tensor.of(spec.name(), spec.dataType(), shape, data));
    }
    return out;
  }

  private static G6Report.Environment environment(String when) {
    return new G6Report.Environment(
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.version().toString(),
        "one JVM: the bench thread (one request at a time), the server's execution threads and"
            + " ONNX Runtime share all cores; other work on the machine may compete ("
            + when
            + ")");
  }

  private RequestContext context() {
    return new RequestContext(
        new RequestId("g6-" + ids.incrementAndGet()),
        TenantId.DEFAULT,
        RequestContext.ANONYMOUS,
        0,
        Deadline.none(),
        ticker.nanos());
  }

  private static void check(InferenceResponse response) {
    if (response.outputs().isEmpty()) {
      throw new IllegalStateException(response.modelName() + " answered without outputs");
    }
  }
}
