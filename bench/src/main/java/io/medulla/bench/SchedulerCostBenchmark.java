package io.medulla.bench;

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
import io.medulla.runtime.ModelInstance;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.scheduling.BatchRunner;
import io.medulla.scheduling.DynamicBatcher;
import io.medulla.time.VirtualClock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The clinical scheduler's own cost per request with {@value #QUEUED} requests queued: one {@code
 * schedule} plus its share of one dispatch (batch formation, assembly, split, completion), with no
 * model cost. The model's one instance never runs: a {@link BatchRunner} holds each batch until the
 * benchmark completes it at once with precomputed outputs, so the queue stays at {@value #QUEUED}
 * (16 tenants, four priority levels). The clock is a {@link VirtualClock} that never moves, and
 * batches run on the calling thread.
 *
 * <p>Run: {@code bench/sched.sh jmh} (JMH flags follow, e.g. {@code -f 1 -wi 3 -i 5}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchedulerCostBenchmark {
  /** Requests kept queued. */
  static final int QUEUED = 10_000;

  private static final int TENANTS = 16;
  private static final int BATCH = 32;

  /** The policy measured: the clinical scheduler or the FIFO baseline. */
  @Param({"clinical", "fifo"})
  public String policy = "clinical";

  private @Nullable DynamicBatcher unbatched;
  private @Nullable DynamicBatcher batched;
  private final Held heldOne = new Held();
  private final Held heldBatch = new Held();
  private InferenceRequest[] requests = new InferenceRequest[0];
  private int next;
  private final List<Tensor> one = List.of(output(1));
  private final List<Tensor> full = List.of(output(BATCH));

  /** The batch the instance is "executing": completed by the benchmark, not by a model. */
  private static final class Held {
    BatchRunner.@Nullable Completion completion;
  }

  /** Builds both batchers and fills each queue with {@value #QUEUED} requests. */
  @Setup(Level.Trial)
  public void setUp() {
    requests = new InferenceRequest[QUEUED * 2];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = request(i);
    }
    boolean fifo = policy.equals("fifo");
    unbatched = build(policy(fifo, false), heldOne);
    batched = build(policy(fifo, true), heldBatch);
  }

  private DynamicBatcher build(BatchPolicy p, Held held) {
    VirtualClock clock = new VirtualClock();
    DynamicBatcher b =
        DynamicBatcher.builder(new NoModel(), p)
            .outputs(List.of(SchedulerRig.OUTPUT))
            .executor(Runnable::run)
            .clock(clock, clock)
            .runner((instance, inputs, names, done) -> held.completion = done)
            .build();
    for (int i = 0; i < QUEUED; i++) {
      CompletableFuture<InferenceResponse> unused = b.schedule(nextRequest());
    }
    return b;
  }

  private static BatchPolicy policy(boolean fifo, boolean batching) {
    BatchPolicy.Builder b =
        BatchPolicy.builder()
            .maxBatchSize(BATCH)
            .dynamicBatching(batching)
            .maxQueueDelay(Duration.ZERO);
    if (fifo) {
      b.fifo();
    }
    return b.build();
  }

  /** One request in, one batch of one request out: the queue stays full. */
  @Benchmark
  public CompletableFuture<InferenceResponse> scheduleAndDispatchOne() {
    DynamicBatcher b = unbatched;
    if (b == null) {
      throw new IllegalStateException("not set up");
    }
    CompletableFuture<InferenceResponse> f = b.schedule(nextRequest());
    complete(heldOne, one);
    return f;
  }

  /** Thirty-two requests in, one batch of 32 out (dynamic batching on); cost per request. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public CompletableFuture<InferenceResponse> scheduleAndDispatchBatched() {
    DynamicBatcher b = batched;
    if (b == null) {
      throw new IllegalStateException("not set up");
    }
    CompletableFuture<InferenceResponse> f = CompletableFuture.completedFuture(null);
    for (int i = 0; i < BATCH; i++) {
      f = b.schedule(nextRequest());
    }
    complete(heldBatch, full);
    return f;
  }

  private static void complete(Held held, List<Tensor> outputs) {
    BatchRunner.Completion c = held.completion;
    if (c == null) {
      throw new IllegalStateException("no batch is executing");
    }
    held.completion = null;
    c.complete(outputs, null, 1_000);
  }

  private InferenceRequest nextRequest() {
    InferenceRequest r = requests[next];
    next = (next + 1) % requests.length;
    return r;
  }

  private static InferenceRequest request(int i) {
    RequestContext ctx =
        new RequestContext(
            new RequestId(Integer.toString(i)),
            new TenantId("t" + (i % TENANTS)),
            RequestContext.ANONYMOUS,
            1 + (i % 4),
            Deadline.none(),
            0);
    Tensor input =
        Tensor.of(
            SchedulerRig.INPUT,
            DataType.FP32,
            Shape.of(1, SchedulerRig.FEATURES),
            ByteBuffer.allocate(SchedulerRig.FEATURES * Float.BYTES));
    return new InferenceRequest(
        SchedulerRig.MODEL, "1", Integer.toString(i), List.of(input), List.of(), Map.of(), ctx);
  }

  private static Tensor output(int rows) {
    return Tensor.of(
        SchedulerRig.OUTPUT, DataType.FP32, Shape.of(rows, 10), ByteBuffer.allocate(rows * 40));
  }

  /** A model with one instance that is never called (the runner stands in for it). */
  private static final class NoModel implements LoadedModel {
    @Override
    public ModelId id() {
      return new ModelId(SchedulerRig.MODEL, 1);
    }

    @Override
    public int instanceCount() {
      return 1;
    }

    @Override
    public ModelInstance instance(int index) {
      return (inputs, names) -> {
        throw new IllegalStateException("the benchmark's runner executes batches");
      };
    }

    @Override
    public long memoryBytes() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
