package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.DataType;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelSpec;
import io.medulla.runtime.TensorBinding;
import io.medulla.runtime.onnx.OnnxBackend;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.scheduling.DynamicBatcher;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MLP of {@code examples/models/mlp_classifier} loaded on real ONNX Runtime, and the requests
 * the scheduling scenarios (G2–G5) send to a {@link DynamicBatcher} built over it in-process: the
 * scheduler itself, with no protocol in front of it.
 */
final class SchedulerRig implements AutoCloseable {
  static final String MODEL = "mlp_classifier";
  static final String INPUT = "features";
  static final String OUTPUT = "probabilities";
  static final int FEATURES = 256;
  static final int MAX_BATCH = 32;

  /** The model's own batching settings ({@code config.pbtxt}): 100 µs queue delay. */
  static final Duration MAX_QUEUE_DELAY = Duration.ofNanos(100_000);

  private final LoadedModel model;
  private final Ticker ticker;
  private final ExecutorService executor;
  private final ScheduledExecutorService timerThread;
  private final Timer timer;
  private final Map<Integer, Tensor> inputs = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  SchedulerRig(Path repository, Ticker ticker) {
    this.ticker = requireNonNull(ticker, "ticker");
    Path file = repository.resolve(MODEL).resolve("1").resolve("model.onnx");
    ModelSpec spec =
        new ModelSpec(
            new ModelId(MODEL, 1),
            file,
            MAX_BATCH,
            List.of(new TensorBinding(INPUT, DataType.FP32, Shape.of(FEATURES), null, false)),
            List.of(new TensorBinding(OUTPUT, DataType.FP32, Shape.of(10), null, false)),
            1,
            List.of(),
            Map.of());
    this.model = new OnnxBackend().load(spec);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "bench-batches");
              t.setDaemon(true);
              return t;
            });
    this.timerThread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-timer");
              t.setDaemon(true);
              return t;
            });
    this.timer = Timer.of(timerThread);
  }

  /**
   * Returns the clinical policy (four classes, tenant-isolated batches) with the model's batching.
   */
  static BatchPolicy clinical(boolean batching) {
    return BatchPolicy.builder()
        .maxBatchSize(MAX_BATCH)
        .dynamicBatching(batching)
        .maxQueueDelay(MAX_QUEUE_DELAY)
        .build();
  }

  /** Returns the FIFO baseline with the model's batching. */
  static BatchPolicy fifo() {
    return BatchPolicy.fifo(MAX_BATCH, List.of(), MAX_QUEUE_DELAY);
  }

  /** Returns a new batcher over the model under {@code policy}. */
  DynamicBatcher batcher(BatchPolicy policy, TenantPolicies tenants, SchedulerListener listener) {
    return DynamicBatcher.builder(model, policy)
        .outputs(List.of(OUTPUT))
        .tenants(tenants)
        .executor(executor)
        .clock(ticker, timer)
        .listener(listener)
        .build();
  }

  /** Returns the rig's ticker. */
  Ticker ticker() {
    return ticker;
  }

  /**
   * Returns a request of {@code rows} samples for {@code tenant} at {@code priority}, with a
   * deadline {@code timeout} from now ({@link Duration#ZERO}: none).
   */
  InferenceRequest request(TenantId tenant, int priority, Duration timeout, int rows) {
    long now = ticker.nanos();
    String id = Long.toString(ids.incrementAndGet());
    Deadline deadline = timeout.isZero() ? Deadline.none() : Deadline.after(now, timeout);
    RequestContext ctx =
        new RequestContext(
            new RequestId(id), tenant, RequestContext.ANONYMOUS, priority, deadline, now);
    return new InferenceRequest(MODEL, "1", id, List.of(input(rows)), List.of(), Map.of(), ctx);
  }

  /** Sends one request and returns its answer. */
  static CompletableFuture<InferenceResponse> send(DynamicBatcher batcher, InferenceRequest r) {
    return batcher.schedule(r);
  }

  private Tensor input(int rows) {
    return inputs.computeIfAbsent(
        rows,
        n -> {
          SplittableRandom random = new SplittableRandom(n);
          ByteBuffer data =
              ByteBuffer.allocate(n * FEATURES * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < n * FEATURES; i++) {
            data.putFloat((float) random.nextDouble());
          }
          data.flip();
          return Tensor.of(INPUT, DataType.FP32, Shape.of(n, FEATURES), data);
        });
  }

  @Override
  public void close() {
    timerThread.shutdownNow();
    executor.shutdown();
    model.close();
  }
}
