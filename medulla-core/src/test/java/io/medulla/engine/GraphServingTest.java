package io.medulla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.DataType;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import io.medulla.repository.GraphSource;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import io.medulla.repository.VersionPolicy;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.scheduling.DynamicBatcher;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.VirtualClock;
import io.medulla.time.WallClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine serving a Triton ensemble over a real {@link DynamicBatcher}. */
class GraphServingTest {
  private static final String CHAIN =
      """
      name: "chain"
      platform: "ensemble"
      max_batch_size: 8
      input [
        { name: "A" data_type: TYPE_INT32 dims: [ 16 ] },
        { name: "B" data_type: TYPE_INT32 dims: [ 16 ] }
      ]
      output [ { name: "A_AGAIN" data_type: TYPE_INT32 dims: [ 16 ] } ]
      ensemble_scheduling {
        step [
          {
            model_name: "simple"
            model_version: -1
            input_map { key: "INPUT0" value: "A" }
            input_map { key: "INPUT1" value: "B" }
            output_map { key: "OUTPUT0" value: "SUM" }
          },
          {
            model_name: "simple"
            model_version: -1
            input_map { key: "INPUT0" value: "SUM" }
            input_map { key: "INPUT1" value: "B" }
            output_map { key: "OUTPUT1" value: "A_AGAIN" }
          }
        ]
      }
      """;
  private static final String BROKEN =
      CHAIN.replace("chain", "broken").replace("\"simple\"", "\"nope\"");

  private final VirtualClock clock = new VirtualClock();
  private final List<ModelVersionStatus> index = new ArrayList<>();
  private final List<RequestContext> queued = new CopyOnWriteArrayList<>();
  private final List<Integer> levels = new CopyOnWriteArrayList<>();
  private ServedModel simple;
  private DefaultInferenceEngine engine;

  private final class Catalog implements ModelCatalog {
    @Override
    public ServedModel resolve(String model, String version) {
      if (!model.equals("simple")) {
        throw new ModelNotFoundException(model, "");
      }
      if (index.get(0).state() != ModelState.READY) {
        throw new ModelNotReadyException(model, "unloaded");
      }
      return simple;
    }

    @Override
    public List<ModelVersionStatus> index() {
      return List.copyOf(index);
    }

    @Override
    public ModelConfig config(String model) {
      if (!model.equals("simple")) {
        throw new ModelNotFoundException(model, "");
      }
      return simple.config();
    }

    @Override
    public void load(String model) {}

    @Override
    public void unload(String model) {}

    @Override
    public List<GraphSource> graphSources() {
      return List.of(
          new GraphSource("broken", "broken/config.pbtxt", BROKEN),
          new GraphSource("chain", "chain/config.pbtxt", CHAIN));
    }
  }

  @BeforeEach
  void setUp() {
    ModelConfig config =
        new ModelConfig(
            "simple",
            "onnxruntime_onnx",
            "onnxruntime",
            8,
            List.of(
                new ModelInput("INPUT0", DataType.INT32, Shape.of(16), null, false),
                new ModelInput("INPUT1", DataType.INT32, Shape.of(16), null, false)),
            List.of(
                new ModelOutput("OUTPUT0", DataType.INT32, Shape.of(16), null, ""),
                new ModelOutput("OUTPUT1", DataType.INT32, Shape.of(16), null, "")),
            VersionPolicy.latestOne(),
            List.of(),
            null,
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            "model.onnx");
    ModelInstance addSub =
        (inputs, outputs) -> {
          int[] a = Tensors.toInts(inputs.get(0));
          int[] b = Tensors.toInts(inputs.get(1));
          List<Tensor> out = new ArrayList<>();
          for (String name : outputs) {
            int[] v = new int[a.length];
            for (int i = 0; i < a.length; i++) {
              v[i] = name.equals("OUTPUT0") ? a[i] + b[i] : a[i] - b[i];
            }
            out.add(Tensors.ofInts(name, inputs.get(0).shape(), v));
          }
          return out;
        };
    LoadedModel loaded =
        new LoadedModel() {
          @Override
          public ModelId id() {
            return new ModelId("simple", 1);
          }

          @Override
          public int instanceCount() {
            return 1;
          }

          @Override
          public ModelInstance instance(int i) {
            return addSub;
          }

          @Override
          public long memoryBytes() {
            return 0;
          }

          @Override
          public void close() {}
        };
    simple = new ServedModel(new ModelId("simple", 1), config, "ab".repeat(32), loaded);
    index.add(new ModelVersionStatus("simple", "1", ModelState.READY, ""));
    SchedulerListener recorder =
        new SchedulerListener() {
          @Override
          public void requestQueued(ModelId model, RequestContext context, int priorityLevel) {
            queued.add(context);
            levels.add(priorityLevel);
          }
        };
    engine =
        new DefaultInferenceEngine(
            new Catalog(),
            (served, listener) ->
                DynamicBatcher.builder(
                        served.model(), BatchPolicy.builder().maxBatchSize(8).build())
                    .outputs(List.of("OUTPUT0", "OUTPUT1"))
                    .executor(Runnable::run)
                    .clock(clock, clock)
                    .listener(SchedulerListener.both(listener, recorder))
                    .build(),
            clock,
            WallClock.system(),
            EngineListener.NOOP,
            SchedulerListener.NOOP,
            "test",
            GraphCatalog.builder(clock, clock).build());
    engine.versionReady(simple);
    engine.refreshGraphs();
    engine.markStarted();
  }

  private InferenceRequest chainRequest(RequestContext context) {
    int[] a = new int[16];
    int[] b = new int[16];
    for (int i = 0; i < 16; i++) {
      a[i] = i;
      b[i] = 100;
    }
    return new InferenceRequest(
        "chain",
        "",
        "c1",
        List.of(Tensors.ofInts("A", Shape.of(1, 16), a), Tensors.ofInts("B", Shape.of(1, 16), b)),
        List.of(),
        Map.of(),
        context);
  }

  private static RequestContext context(int priority, Deadline deadline) {
    return new RequestContext(
        new RequestId("g1"), new TenantId("clinic-a"), "dr-who", priority, deadline, 0);
  }

  private InferenceResponse run(InferenceRequest r) {
    var f = engine.infer(r);
    clock.runUntilIdle(Duration.ofSeconds(1));
    return f.join();
  }

  @Test
  void ensembleRunsItsStepsThroughTheModelsScheduler() {
    InferenceResponse r = run(chainRequest(context(0, Deadline.none())));

    assertThat(r.modelName()).isEqualTo("chain");
    assertThat(r.outputs()).extracting(Tensor::name).containsExactly("A_AGAIN");
    assertThat(Tensors.toInts(r.outputs().get(0))[5]).isEqualTo(5);
    assertThat(r.parameters()).containsKey(DefaultInferenceEngine.MODEL_SHA256_PARAMETER);
  }

  @Test
  void stepRequestsEnterTheSchedulerWithTheGraphRequestsTenantAndPriority() {
    Deadline deadline = Deadline.after(0, Duration.ofSeconds(30));
    run(chainRequest(context(2, deadline)));

    assertThat(queued).hasSize(2);
    for (RequestContext c : queued) {
      assertThat(c.tenant()).isEqualTo(new TenantId("clinic-a"));
      assertThat(c.principal()).isEqualTo("dr-who");
      assertThat(c.priority()).isEqualTo(2);
      assertThat(c.deadline().expiresAtNanos()).isEqualTo(deadline.expiresAtNanos());
    }
    assertThat(queued)
        .extracting(c -> c.requestId().value())
        .containsExactly("g1/simple", "g1/simple_2");
    assertThat(levels).containsExactly(2, 2);
  }

  @Test
  void graphsAppearInTheIndexMetadataAndConfigLikeModels() {
    assertThat(engine.repositoryIndex(false))
        .extracting(ModelVersionStatus::name, ModelVersionStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("broken", ModelState.UNAVAILABLE),
            org.assertj.core.groups.Tuple.tuple("chain", ModelState.READY),
            org.assertj.core.groups.Tuple.tuple("simple", ModelState.READY));
    assertThat(engine.repositoryIndex(false).get(0).reason())
        .contains("graph 'broken': step 'nope': model: unknown model 'nope'");
    ModelMetadata m = engine.modelMetadata("chain", "");
    assertThat(m.platform()).isEqualTo("ensemble");
    assertThat(m.inputs().get(0).shape()).isEqualTo(Shape.of(-1, 16));
    assertThat(engine.modelConfig("chain", "1").outputs().get(0).name()).isEqualTo("A_AGAIN");
    assertThat(engine.isModelReady("chain", "")).isTrue();
    assertThat(engine.isModelReady("broken", "")).isFalse();
    assertThat(engine.graphResources("chain")).containsKey("critical_path");
  }

  @Test
  void graphIsNotReadyWhileAModelItCallsIsNot() {
    index.set(0, new ModelVersionStatus("simple", "1", ModelState.UNAVAILABLE, "unloaded"));

    assertThat(engine.isModelReady("chain", "")).isFalse();
    assertThat(engine.repositoryIndex(false).get(1).reason())
        .isEqualTo("step 'simple' needs model 'simple', which is not ready");
    var f = engine.infer(chainRequest(context(0, Deadline.none())));
    assertThat(f).isCompletedExceptionally();
  }

  @Test
  void graphStatisticsCountItsRequests() {
    run(chainRequest(context(0, Deadline.none())));

    ModelStatistics s = engine.statistics("chain", "").get(0);
    assertThat(s.success().count()).isEqualTo(1);
    assertThat(engine.statistics("", "")).extracting(ModelStatistics::name).contains("chain");
  }
}
