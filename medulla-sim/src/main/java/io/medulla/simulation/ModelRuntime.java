package io.medulla.simulation;

import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.runtime.ModelInstance;
import io.medulla.scheduling.BatchRunner;
import io.medulla.scheduling.DynamicBatcher;
import io.medulla.scheduling.QueueSnapshot;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * One model in one run: the real {@link DynamicBatcher} over a {@link SimulatedBackend}, with a
 * runner that delivers each batch's placeholder outputs after a drawn execution time on the virtual
 * clock, and the accounting of what the instances and queue did. Confined to the run's thread.
 */
final class ModelRuntime {
  private final SimulatedModel model;
  private final SimulatedBackend backend;
  private final DynamicBatcher batcher;
  private final ExecutionTimes times;
  private final SplittableRandom rng;
  private final VirtualClock clock;
  private final SimulationWindow window;
  private final long windowNanos;
  private final ModelTally[] hours;
  private final List<QueueSample> queue = new ArrayList<>();
  private final IntFunction<@Nullable HostCores> cores;

  /**
   * Creates the model's runtime.
   *
   * @param label added to the model's random stream (replicas draw apart); empty for none
   * @param listener told of every scheduler event besides the runtime's own accounting
   * @param cores the cores an instance's executions run on, by instance index (the host's, or its
   *     device's); null for an instance that runs at its profiled speed whatever else runs
   */
  ModelRuntime(
      SimulatedModel model,
      ExecutionTimes times,
      TenantPolicies tenants,
      VirtualClock clock,
      SimulationWindow window,
      long seed,
      String label,
      SchedulerListener listener,
      IntFunction<@Nullable HostCores> cores) {
    this.model = model;
    this.cores = cores;
    this.backend = new SimulatedBackend(model);
    this.times = times;
    this.rng =
        Randoms.forLabel(seed, "execution/" + model.name() + (label.isEmpty() ? "" : "/" + label));
    this.clock = clock;
    this.window = window;
    this.windowNanos = window.length().toNanos();
    this.hours = new ModelTally[window.hourCount()];
    for (int h = 0; h < hours.length; h++) {
      hours[h] = new ModelTally(model.instances());
    }
    this.batcher =
        DynamicBatcher.builder(backend, model.policy())
            .outputs(model.outputs().stream().map(TensorSpec::name).toList())
            .tenants(tenants)
            .executor(Runnable::run)
            .clock(clock, clock)
            .runner(this::run)
            .listener(SchedulerListener.both(new WaitListener(), listener))
            .build();
  }

  /** Queues a request with the model's real scheduler. */
  CompletableFuture<InferenceResponse> schedule(InferenceRequest request) {
    return batcher.schedule(request);
  }

  /** Records the queue at {@code atNanos}, an offset inside the window. */
  void sampleQueue(long atNanos) {
    QueueSnapshot s = batcher.snapshot();
    queue.add(new QueueSample(Duration.ofNanos(atNanos), s.queued(), s.inFlight()));
    hours[window.hourIndex(atNanos)].queueSampled(s.queued());
  }

  String name() {
    return model.name();
  }

  List<QueueSample> queueSamples() {
    return queue;
  }

  ModelStats hourStats(int hour, Duration period) {
    return hours[hour].toStats(model.name(), period);
  }

  ModelStats totalStats(Duration period) {
    ModelTally sum = new ModelTally(model.instances());
    for (ModelTally t : hours) {
      sum.add(t);
    }
    return sum.toStats(model.name(), period);
  }

  private void run(
      ModelInstance instance,
      List<Tensor> inputs,
      List<String> outputNames,
      BatchRunner.Completion done) {
    SimulatedBackend.Instance simulated = (SimulatedBackend.Instance) instance;
    int samples = backend.samplesOf(inputs);
    HostCores host = cores.apply(simulated.index);
    if (host != null) {
      host.submit(new Execution(simulated, samples, inputs, outputNames, done));
      return;
    }
    long nanos = Math.max(0, times.sample(model.name(), samples, rng).toNanos());
    List<Tensor> outputs = simulated.execute(inputs, outputNames);
    account(simulated.index, samples, clock.nanos(), nanos);
    clock.schedule(Duration.ofNanos(nanos), () -> done.complete(outputs, null, nanos));
  }

  /**
   * A batch that runs on the host's cores beside the request stages: it needs its drawn execution
   * time of CPU and takes longer while they share the cores.
   */
  private final class Execution implements HostCores.Job {
    private final SimulatedBackend.Instance instance;
    private final int samples;
    private final List<Tensor> inputs;
    private final List<String> outputNames;
    private final BatchRunner.Completion done;
    private @Nullable List<Tensor> outputs;
    private long startedNanos;

    Execution(
        SimulatedBackend.Instance instance,
        int samples,
        List<Tensor> inputs,
        List<String> outputNames,
        BatchRunner.Completion done) {
      this.instance = instance;
      this.samples = samples;
      this.inputs = inputs;
      this.outputNames = outputNames;
      this.done = done;
    }

    @Override
    public long start() {
      startedNanos = clock.nanos();
      outputs = instance.execute(inputs, outputNames);
      return Math.max(0, times.sample(model.name(), samples, rng).toNanos());
    }

    @Override
    public void finish() {
      // The instance was busy, and the batch took, the time it ran with others, not its CPU alone.
      long took = clock.nanos() - startedNanos;
      account(instance.index, samples, startedNanos, took);
      done.complete(outputs, null, took);
    }
  }

  /** Counts a batch in the hour it starts and its busy time in the hours it spans. */
  private void account(int instance, int samples, long start, long nanos) {
    if (start >= windowNanos) {
      return;
    }
    hours[window.hourIndex(start)].batchStarted(samples);
    long from = start;
    long end = Math.min(windowNanos, start + nanos);
    while (from < end) {
      int h = window.hourIndex(from);
      long until = Math.min(end, window.hourEndNanos(h));
      hours[h].busy(instance, until - from);
      from = until;
    }
  }

  /** Counts each executed request's queue wait in the hour its batch started. */
  private final class WaitListener implements SchedulerListener {
    @Override
    public void requestExecuted(
        ModelId id,
        RequestContext context,
        int priorityLevel,
        long queueNanos,
        long computeNanos,
        int batchSize) {
      long start = clock.nanos() - computeNanos;
      if (start >= 0 && start < windowNanos) {
        hours[window.hourIndex(start)].waited(queueNanos);
      }
    }
  }
}
