package io.medulla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DefaultInferenceEngineTest {
  private final VirtualClock ticker = new VirtualClock();
  private final List<ModelVersionStatus> index = new ArrayList<>();
  private ServedModel simple;
  private DefaultInferenceEngine engine;

  /** An in-memory catalog over one served model. */
  private final class Catalog implements ModelCatalog {
    @Override
    public ServedModel resolve(String model, String version) {
      if (!model.equals("simple")) {
        throw new ModelNotFoundException(model, "");
      }
      if (!version.isEmpty() && !version.equals("1")) {
        throw new ModelNotFoundException(model, version);
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
      return resolve(model, "").config();
    }

    @Override
    public void load(String model) {}

    @Override
    public void unload(String model) {}
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
          int[] sum = new int[a.length];
          int[] diff = new int[a.length];
          for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
            diff[i] = a[i] - b[i];
          }
          List<Tensor> out = new ArrayList<>();
          for (String name : outputs) {
            out.add(
                Tensors.ofInts(name, inputs.get(0).shape(), name.equals("OUTPUT0") ? sum : diff));
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
    engine =
        new DefaultInferenceEngine(
            new Catalog(),
            (served, listener) ->
                DynamicBatcher.builder(
                        served.model(),
                        BatchPolicy.builder().maxBatchSize(8).dynamicBatching(false).build())
                    .outputs(List.of("OUTPUT0", "OUTPUT1"))
                    .executor(Runnable::run)
                    .clock(ticker, ticker)
                    .listener(listener)
                    .build(),
            ticker,
            WallClock.of(Clock.fixed(Instant.ofEpochSecond(1_000), ZoneOffset.UTC)),
            EngineListener.NOOP,
            SchedulerListener.NOOP,
            "test");
    engine.versionReady(simple);
    engine.markStarted();
  }

  private static int[] range(int from) {
    int[] v = new int[16];
    for (int i = 0; i < 16; i++) {
      v[i] = from + i;
    }
    return v;
  }

  private InferenceRequest request(List<Tensor> inputs, List<RequestedOutput> outputs) {
    RequestContext ctx =
        new RequestContext(
            new RequestId("r1"), TenantId.DEFAULT, RequestContext.ANONYMOUS, 0, Deadline.none(), 0);
    return new InferenceRequest("simple", "", "my-id", inputs, outputs, Map.of(), ctx);
  }

  private InferenceRequest valid() {
    return request(
        List.of(
            Tensors.ofInts("INPUT0", Shape.of(1, 16), range(10)),
            Tensors.ofInts("INPUT1", Shape.of(1, 16), range(0))),
        List.of());
  }

  private static InferenceException failure(CompletableFuture<InferenceResponse> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
    } catch (ExecutionException e) {
      return (InferenceException) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("not failed");
  }

  @Test
  void answersWithOutputsIdAndProvenance() throws Exception {
    InferenceResponse r = engine.infer(valid()).get();
    assertThat(r.id()).isEqualTo("my-id");
    assertThat(r.modelVersion()).isEqualTo("1");
    assertThat(Tensors.toInts(r.outputs().get(0))).containsExactly(sumOfRanges());
    assertThat(r.parameters())
        .containsEntry(DefaultInferenceEngine.MODEL_SHA256_PARAMETER, "ab".repeat(32));
  }

  private static int[] sumOfRanges() {
    int[] a = range(10);
    int[] b = range(0);
    int[] s = new int[16];
    for (int i = 0; i < 16; i++) {
      s[i] = a[i] + b[i];
    }
    return s;
  }

  @Test
  void requestedOutputsComeBackInTheOrderAsked() throws Exception {
    InferenceRequest req = request(valid().inputs(), List.of(RequestedOutput.named("OUTPUT1")));
    InferenceResponse r = engine.infer(req).get();
    assertThat(r.outputs()).extracting(Tensor::name).containsExactly("OUTPUT1");
  }

  @Test
  void unknownInputIsRejectedWithItsNameAndTheExpectedNames() {
    InferenceException e =
        failure(
            engine.infer(
                request(
                    List.of(
                        Tensors.ofInts("INPUT0", Shape.of(1, 16), range(0)),
                        Tensors.ofInts("INPUTX", Shape.of(1, 16), range(0))),
                    List.of())));
    assertThat(e.status()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    assertThat(e).hasMessageContaining("'INPUTX'").hasMessageContaining("INPUT0, INPUT1");
  }

  @Test
  void wrongDatatypeIsRejectedWithTheExpectedType() {
    InferenceException e =
        failure(
            engine.infer(
                request(
                    List.of(
                        Tensors.ofFloats("INPUT0", Shape.of(1, 16), new float[16]),
                        Tensors.ofInts("INPUT1", Shape.of(1, 16), range(0))),
                    List.of())));
    assertThat(e)
        .hasMessageContaining("INPUT0")
        .hasMessageContaining("FP32")
        .hasMessageContaining("INT32");
  }

  @Test
  void wrongShapeIsRejectedWithTheExpectedShape() {
    InferenceException e =
        failure(
            engine.infer(
                request(
                    List.of(
                        Tensors.ofInts("INPUT0", Shape.of(1, 15), new int[15]),
                        Tensors.ofInts("INPUT1", Shape.of(1, 16), range(0))),
                    List.of())));
    assertThat(e).hasMessageContaining("[1, 15]").hasMessageContaining("[-1, 16]");
  }

  @Test
  void batchLargerThanMaxBatchSizeIsRejected() {
    InferenceException e =
        failure(
            engine.infer(
                request(
                    List.of(
                        Tensors.ofInts("INPUT0", Shape.of(9, 16), new int[144]),
                        Tensors.ofInts("INPUT1", Shape.of(9, 16), new int[144])),
                    List.of())));
    assertThat(e).hasMessageContaining("batch size 9").hasMessageContaining("max_batch_size 8");
  }

  @Test
  void missingInputIsRejectedWithItsName() {
    InferenceException e =
        failure(
            engine.infer(
                request(List.of(Tensors.ofInts("INPUT0", Shape.of(1, 16), range(0))), List.of())));
    assertThat(e).hasMessageContaining("missing input 'INPUT1'");
  }

  @Test
  void duplicateInputIsRejected() {
    Tensor t = Tensors.ofInts("INPUT0", Shape.of(1, 16), range(0));
    InferenceException e = failure(engine.infer(request(List.of(t, t), List.of())));
    assertThat(e).hasMessageContaining("more than once");
  }

  @Test
  void unknownRequestedOutputIsRejectedWithTheExpectedNames() {
    InferenceException e =
        failure(engine.infer(request(valid().inputs(), List.of(RequestedOutput.named("NOPE")))));
    assertThat(e).hasMessageContaining("'NOPE'").hasMessageContaining("OUTPUT0, OUTPUT1");
  }

  @Test
  void unknownModelIsNotFound() {
    InferenceRequest r = valid();
    InferenceRequest other =
        new InferenceRequest("nope", "", "", r.inputs(), List.of(), Map.of(), r.context());
    assertThat(failure(engine.infer(other)).status()).isEqualTo(StatusCode.NOT_FOUND);
  }

  @Test
  void requestWhoseDeadlineAlreadyPassedIsNeverQueued() {
    RequestContext ctx =
        new RequestContext(
            new RequestId("r"),
            TenantId.DEFAULT,
            "t",
            0,
            Deadline.after(ticker.nanos(), Duration.ofMillis(1)),
            0);
    ticker.advance(Duration.ofMillis(2));
    InferenceException e = failure(engine.infer(valid().withContext(ctx)));
    assertThat(e.status()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(engine.statistics("simple", "").get(0).executionCount()).isZero();
  }

  @Test
  void statisticsCountSuccessesFailuresAndSamples() throws Exception {
    engine.infer(valid()).get();
    engine.infer(valid()).get();
    failure(engine.infer(request(List.of(), List.of())));
    ModelStatistics s = engine.statistics("simple", "").get(0);
    assertThat(s.success().count()).isEqualTo(2);
    assertThat(s.inferenceCount()).isEqualTo(2);
    assertThat(s.executionCount()).isEqualTo(2);
    assertThat(s.lastInferenceMillis()).isEqualTo(1_000_000);
  }

  @Test
  void metadataReportsTheBatchDimensionAndHash() {
    ModelMetadata m = engine.modelMetadata("simple", "");
    assertThat(m.versions()).containsExactly("1");
    assertThat(m.inputs().get(0).shape()).isEqualTo(Shape.of(-1, 16));
    assertThat(m.sha256()).isEqualTo("ab".repeat(32));
  }

  @Test
  void unloadingVersionDrainsItsSchedulerAndStopsServing() {
    CompletableFuture<Void> drained = engine.versionUnloading(simple);
    assertThat(drained).isCompleted();
    assertThat(engine.isModelReady("simple", "")).isFalse();
    assertThat(failure(engine.infer(valid())).status()).isEqualTo(StatusCode.UNAVAILABLE);
  }

  @Test
  void drainingServerIsNotReady() {
    assertThat(engine.isReady()).isTrue();
    engine.beginDrain();
    assertThat(engine.isReady()).isFalse();
  }

  @Test
  void statisticsOfUnknownModelIsNotFound() {
    assertThatThrownBy(() -> engine.statistics("nope", ""))
        .isInstanceOf(ModelNotFoundException.class);
  }
}
