package io.medulla.engine;

import static java.util.Objects.requireNonNull;

import io.medulla.graph.FunctionRegistry;
import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphDocumentParser;
import io.medulla.graph.GraphExecutor;
import io.medulla.graph.GraphFileReader;
import io.medulla.graph.GraphListener;
import io.medulla.graph.GraphPlan;
import io.medulla.graph.GraphStatistics;
import io.medulla.graph.GraphStep;
import io.medulla.graph.GraphValidator;
import io.medulla.graph.InvalidGraphException;
import io.medulla.graph.StepCall;
import io.medulla.graph.StepSignature;
import io.medulla.inference.Inferencer;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.repository.EnsembleConfigReader;
import io.medulla.repository.GraphSource;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.runtime.ModelLoadException;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graphs the engine serves beside its models: reads the repository's graph folders (graph files
 * and Triton ensembles), validates each against the models' current configurations, and keeps an
 * executor per valid graph. A graph is ready when it is valid and every model it calls is ready.
 *
 * <p>Thread safety: lookups read an immutable snapshot without locking; refreshes run one at a time
 * and replace the snapshot. A graph whose file and model signatures have not changed keeps its
 * executor, so in-flight requests are never disturbed.
 */
public final class GraphCatalog {
  /** The platform reported for a graph file's graph. */
  public static final String GRAPH_PLATFORM = "medulla_graph";

  private static final Logger logger = LoggerFactory.getLogger(GraphCatalog.class);

  private final @Nullable GraphDocumentParser parser;
  private final FunctionRegistry functions;
  private final @Nullable Ticker ticker;
  private final @Nullable Timer timer;
  private final GraphListener listener;
  private final GraphStatistics statistics = new GraphStatistics();
  private final @Nullable Executor functionExecutor;
  private final Set<String> unloaded = ConcurrentHashMap.newKeySet();
  private final Object refreshLock = new Object();
  private volatile Map<String, GraphEntry> graphs = Map.of();

  private GraphCatalog(Builder b) {
    this.parser = b.parser;
    this.functions = b.functions;
    this.ticker = b.ticker;
    this.timer = b.timer;
    this.listener = GraphListener.both(statistics, b.listener);
    this.functionExecutor = b.functionExecutor;
  }

  /** Returns a catalog that serves no graphs, for engines without a repository of graphs. */
  public static GraphCatalog none() {
    return new Builder(null, null).build();
  }

  /** Returns a builder; steps are measured by {@code ticker} and timed out by {@code timer}. */
  public static Builder builder(Ticker ticker, Timer timer) {
    return new Builder(requireNonNull(ticker, "ticker"), requireNonNull(timer, "timer"));
  }

  /** Returns the observed counts behind statistics and resource views. */
  public GraphStatistics statistics() {
    return statistics;
  }

  /** Returns the graph named {@code name}, or null when there is none. */
  @Nullable GraphEntry get(String name) {
    return graphs.get(name);
  }

  /** Returns every graph, sorted by name. */
  List<GraphEntry> entries() {
    return List.copyOf(graphs.values());
  }

  /** Marks a graph unloaded: it stays listed, but does not serve until loaded again. */
  void unload(String name) {
    synchronized (refreshLock) {
      unloaded.add(name);
      GraphEntry e = graphs.get(name);
      if (e != null) {
        Map<String, GraphEntry> next = new TreeMap<>(graphs);
        next.put(
            name,
            new GraphEntry(name, e.platform(), e.sha256(), "", e.definition(), null, "unloaded"));
        graphs = Map.copyOf(next);
      }
    }
  }

  /** Lets an unloaded graph serve again at the next refresh. */
  void allow(String name) {
    unloaded.remove(name);
  }

  /**
   * Rereads every graph folder of {@code models} and rebuilds what changed; steps call {@code
   * steps}. Never throws for a bad graph: it is listed with the reason.
   */
  void refresh(ModelCatalog models, Inferencer steps) {
    if (ticker == null || timer == null) {
      return;
    }
    synchronized (refreshLock) {
      Map<String, GraphEntry> next = new TreeMap<>();
      for (GraphSource source : models.graphSources()) {
        GraphEntry entry = build(source, models, steps, ticker, timer);
        GraphEntry old = graphs.get(source.name());
        if (old == null || !old.problem().equals(entry.problem())) {
          if (entry.problem().isEmpty()) {
            logger.info("graph '{}' is loaded", entry.name());
          } else {
            logger.warn("graph '{}' cannot serve: {}", entry.name(), entry.problem());
          }
        }
        next.put(source.name(), entry);
      }
      graphs = Map.copyOf(next);
    }
  }

  private GraphEntry build(
      GraphSource source, ModelCatalog models, Inferencer steps, Ticker ticker, Timer timer) {
    String name = source.name();
    String platform = source.isEnsemble() ? "ensemble" : GRAPH_PLATFORM;
    String sha = source.sha256();
    if (unloaded.contains(name)) {
      return new GraphEntry(name, platform, sha, "", null, null, "unloaded");
    }
    GraphDefinition definition = null;
    try {
      definition = definition(source);
      Map<String, StepSignature> signatures = new TreeMap<>();
      for (GraphStep s : definition.steps()) {
        if (s.call() instanceof StepCall.Model m) {
          try {
            signatures.put(m.model(), signature(models.config(m.model())));
          } catch (ModelNotReadyException e) {
            return new GraphEntry(
                name,
                platform,
                sha,
                "",
                definition,
                null,
                "step '"
                    + s.name()
                    + "' cannot be checked until its model loads: "
                    + e.getMessage(),
                true);
          } catch (ModelNotFoundException e) {
            // The validator names the unknown model.
          }
        }
      }
      String key = sha + signatures;
      GraphEntry old = graphs.get(name);
      if (old != null && old.executor() != null && old.key().equals(key)) {
        return old;
      }
      GraphPlan plan =
          GraphValidator.validate(definition, (model, version) -> signatures.get(model), functions);
      GraphExecutor.Builder executor =
          GraphExecutor.builder(plan, steps)
              .ticker(ticker)
              .timer(timer)
              .listener(listener)
              .parameters(Map.of(DefaultInferenceEngine.MODEL_SHA256_PARAMETER, sha));
      if (functionExecutor != null) {
        executor.functionExecutor(functionExecutor);
      }
      return new GraphEntry(name, platform, sha, key, definition, executor.build(), "");
    } catch (InvalidGraphException | ModelLoadException e) {
      return new GraphEntry(
          name, platform, sha, "", definition, null, String.valueOf(e.getMessage()));
    }
  }

  private GraphDefinition definition(GraphSource source) {
    if (source.isEnsemble()) {
      return EnsembleConverter.convert(
          EnsembleConfigReader.read(source.file(), source.text(), source.name()));
    }
    if (parser == null) {
      throw new InvalidGraphException(
          source.file() + ": graph files are not enabled in this server (expected: a YAML parser)");
    }
    return GraphFileReader.read(source.name(), parser.parse(source.file(), source.text()));
  }

  /** Returns a model's inputs and outputs as a graph step sees them (batch dimension included). */
  static StepSignature signature(ModelConfig c) {
    List<TensorSpec> inputs = new ArrayList<>();
    for (ModelInput in : c.inputs()) {
      inputs.add(new TensorSpec(in.name(), in.dataType(), batched(c, in.dims()), in.optional()));
    }
    List<TensorSpec> outputs = new ArrayList<>();
    for (ModelOutput out : c.outputs()) {
      outputs.add(TensorSpec.of(out.name(), out.dataType(), batched(c, out.dims())));
    }
    return new StepSignature(inputs, outputs);
  }

  static Shape batched(ModelConfig c, Shape dims) {
    return c.maxBatchSize() > 0 ? dims.prepend(Shape.ANY) : dims;
  }

  /** Builds a {@link GraphCatalog}. */
  public static final class Builder {
    private final @Nullable Ticker ticker;
    private final @Nullable Timer timer;
    private @Nullable GraphDocumentParser parser;
    private FunctionRegistry functions = FunctionRegistry.builtins();
    private GraphListener listener = GraphListener.NOOP;
    private @Nullable Executor functionExecutor;

    private Builder(@Nullable Ticker ticker, @Nullable Timer timer) {
      this.ticker = ticker;
      this.timer = timer;
    }

    /**
     * Sets the parser of graph files (YAML in the server). Default: none, so only Triton ensembles
     * load; a graph file is listed as unavailable.
     */
    public Builder documentParser(GraphDocumentParser parser) {
      this.parser = requireNonNull(parser, "parser");
      return this;
    }

    /** Sets the functions steps may call (default: the built-ins). */
    public Builder functions(FunctionRegistry functions) {
      this.functions = requireNonNull(functions, "functions");
      return this;
    }

    /** Sets the listener for graph and step metrics (default: none). */
    public Builder listener(GraphListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /** Sets where function steps run (default: inline on the completing thread). */
    public Builder functionExecutor(Executor executor) {
      this.functionExecutor = requireNonNull(executor, "executor");
      return this;
    }

    /** Returns the catalog. */
    public GraphCatalog build() {
      return new GraphCatalog(this);
    }
  }
}
