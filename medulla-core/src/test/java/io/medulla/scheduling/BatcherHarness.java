package io.medulla.scheduling;

import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic rig for {@link DynamicBatcher}: a virtual clock, a model whose instances double
 * their INT32 input ({@code OUT}) and echo it ({@code ECHO}), and a runner that computes at once
 * but completes each batch a scripted time later on the clock. Executors run tasks inline, so the
 * only source of order is the clock.
 *
 * <p>Request {@code i}'s input {@code IN} has one row per sample; every row starts with {@code i},
 * so the backend can tell which requests a batch held.
 */
final class BatcherHarness {
  static final ModelId MODEL = new ModelId("scripted", 1);

  /** One batch as the backend saw it. */
  record Executed(
      long startNanos, List<Integer> requests, int width, int samples, long costNanos) {}

  final VirtualClock clock = new VirtualClock();
  final List<Executed> executed = new ArrayList<>();
  final RecordingListener listener = new RecordingListener();
  private final int instances;

  /** Scripted execution time of a batch, from its inputs. */
  ToLongFunction<List<Tensor>> cost = inputs -> costOf(inputs, 1_000_000, 100_000);

  BatcherHarness(int instances) {
    this.instances = instances;
  }

  /** Returns base + perUnit × samples × width: wider requests are dearer. */
  static long costOf(List<Tensor> inputs, long base, long perUnit) {
    Shape s = inputs.get(0).shape();
    long units = s.rank() >= 2 ? s.dim(0) * s.dim(1) : s.rank() == 1 ? s.dim(0) : 1;
    return base + perUnit * units;
  }

  LoadedModel model() {
    ModelInstance instance =
        (inputs, names) -> {
          Tensor in = inputs.get(0);
          List<Tensor> out = new ArrayList<>();
          for (String name : names) {
            if (name.equals("OUT")) {
              int[] x = Tensors.toInts(in);
              for (int i = 0; i < x.length; i++) {
                x[i] *= 2;
              }
              out.add(Tensors.ofInts("OUT", in.shape(), x));
            } else {
              out.add(in.withName(name));
            }
          }
          return out;
        };
    return new LoadedModel() {
      @Override
      public ModelId id() {
        return MODEL;
      }

      @Override
      public int instanceCount() {
        return instances;
      }

      @Override
      public ModelInstance instance(int index) {
        return instance;
      }

      @Override
      public long memoryBytes() {
        return 0;
      }

      @Override
      public void close() {}
    };
  }

  /** Completes each batch {@link #cost} later on the clock. */
  BatchRunner runner() {
    return (instance, inputs, names, done) -> {
      long nanos = cost.applyAsLong(inputs);
      List<Tensor> outputs = instance.execute(inputs, names);
      executed.add(record(inputs.get(0), nanos));
      clock.schedule(Duration.ofNanos(nanos), () -> done.complete(outputs, null, nanos));
    };
  }

  private Executed record(Tensor in, long nanos) {
    int[] x = Tensors.toInts(in);
    int width = (int) in.shape().dim(1);
    LinkedHashSet<Integer> ids = new LinkedHashSet<>();
    for (int r = 0; r < x.length / width; r++) {
      ids.add(x[r * width]);
    }
    return new Executed(clock.nanos(), List.copyOf(ids), width, (int) in.shape().dim(0), nanos);
  }

  DynamicBatcher batcher(BatchPolicy policy) {
    return batcher(policy, TenantPolicies.uniform());
  }

  DynamicBatcher batcher(BatchPolicy policy, TenantPolicies tenants) {
    return DynamicBatcher.builder(model(), policy)
        .outputs(List.of("OUT"))
        .tenants(tenants)
        .executor(Runnable::run)
        .clock(clock, clock)
        .runner(runner())
        .listener(listener)
        .build();
  }

  /** Returns request {@code index}: {@code samples} rows of {@code width} INT32 values. */
  InferenceRequest request(
      int index, String tenant, int priority, int samples, int width, @Nullable Duration timeout) {
    int[] data = new int[samples * width];
    for (int r = 0; r < samples; r++) {
      for (int c = 0; c < width; c++) {
        data[r * width + c] = c == 0 ? index : index * 31 + r * 7 + c;
      }
    }
    Tensor in = Tensors.ofInts("IN", Shape.of(samples, width), data);
    long now = clock.nanos();
    Deadline deadline = timeout == null ? Deadline.none() : Deadline.after(now, timeout);
    RequestContext ctx =
        new RequestContext(
            new RequestId("r" + index), new TenantId(tenant), "test", priority, deadline, now);
    return new InferenceRequest(
        MODEL.name(), "", "id" + index, List.of(in), List.of(), Map.of(), ctx);
  }

  /** Returns the request with explicitly requested outputs. */
  static InferenceRequest withOutputs(InferenceRequest r, String... outputs) {
    List<RequestedOutput> named = new ArrayList<>();
    for (String o : outputs) {
      named.add(RequestedOutput.named(o));
    }
    return new InferenceRequest(
        r.modelName(), r.modelVersion(), r.id(), r.inputs(), named, r.parameters(), r.context());
  }

  /** Returns whether {@code response} holds exactly twice request {@code r}'s input. */
  static boolean isDoubled(InferenceRequest r, InferenceResponse response) {
    Tensor in = r.inputs().get(0);
    Tensor out = response.outputs().get(0);
    if (!out.shape().equals(in.shape())) {
      return false;
    }
    int[] x = Tensors.toInts(in);
    int[] y = Tensors.toInts(out);
    for (int i = 0; i < x.length; i++) {
      if (y[i] != 2 * x[i]) {
        return false;
      }
    }
    return true;
  }

  /** Runs the clock until nothing is scheduled. */
  void runToIdle() {
    if (!clock.runUntilIdle(Duration.ofHours(1))) {
      throw new AssertionError("the clock did not go idle");
    }
  }

  static boolean isDone(CompletableFuture<?> f) {
    return f.isDone();
  }
}
