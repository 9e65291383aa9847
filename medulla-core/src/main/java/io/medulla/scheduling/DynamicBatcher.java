package io.medulla.scheduling;

import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.inference.TimingParameters;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.time.Cancellable;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The clinical scheduler of one model version: dynamic batching with strict priority levels,
 * deadlines, tenant-isolated batches and fair share among tenants, driven by a {@link BatchPolicy}.
 *
 * <ul>
 *   <li><b>Order.</b> Strict priority between levels; within a level, the tenant with the least
 *       received service (measured execution time divided by weight, see {@link FairShare}); within
 *       a tenant, earliest deadline first. In FIFO mode ({@link BatchPolicy#isFifo()}), arrival
 *       order.
 *   <li><b>Batches</b> (see {@link BatchFormer}) hold one tenant's compatible requests (same input
 *       names, types and non-batch dimensions, same requested outputs) unless the policy shares
 *       batches; they are assembled into one tensor per input, run on a free instance through the
 *       {@link BatchRunner}, and split back per request.
 *   <li><b>Deadlines.</b> Work whose deadline passed, or that cannot meet it given the estimated
 *       execution time, is answered DEADLINE_EXCEEDED and never computed; {@link Admission} refuses
 *       early what cannot be served in time.
 *   <li><b>Cancellation.</b> Cancelling a returned future removes the request from its queue at
 *       once; a request in a batch that has not started is left out of it.
 * </ul>
 *
 * <p><b>Time.</b> The batcher reads time only from its {@link Ticker}, waits only through its
 * {@link Timer}, and runs batches only through its {@link Executor} and {@link BatchRunner}, so it
 * runs unchanged on a {@link io.medulla.time.VirtualClock}.
 *
 * <p><b>Locking.</b> One lock guards all queues, counts, the estimator and the idle instances.
 * Backends, futures, listeners, the timer and the executor are called only with it released. One
 * thread at a time forms batches (the others leave it a note), so batch formation never recurses.
 */
public final class DynamicBatcher implements Scheduler {
  private final ModelId id;
  private final String version;
  private final List<String> allOutputs;
  private final BatchPolicy policy;
  private final TenantPolicies tenants;
  private final Executor executor;
  private final Ticker ticker;
  private final Timer timer;
  private final BatchRunner runner;
  private final SchedulerListener listener;

  private final Object lock = new Object();
  private final JobQueues queues;
  private final ExecutionEstimator estimator;
  private final BatchFormer former;
  private final Admission admission;
  private final ArrayDeque<ModelInstance> idle = new ArrayDeque<>();
  private final Map<TenantId, TenantLoad> loads = new HashMap<>();
  private final AtomicInteger pumps = new AtomicInteger();
  private long sequence;
  private int accepted;
  private @Nullable CompletableFuture<Void> drained;
  private long armedWakeNanos = Job.NO_TIMEOUT;
  private @Nullable Cancellable armedWake;

  /** One batch on its way to an instance. */
  private record Dispatch(List<Job> jobs, ModelInstance instance) {}

  DynamicBatcher(DynamicBatcherBuilder b) {
    this.id = b.model.id();
    this.version = Long.toString(id.version());
    this.allOutputs = b.outputs;
    this.policy = b.policy;
    this.tenants = b.tenants;
    this.executor = b.requireExecutor();
    this.ticker = b.requireTicker();
    this.timer = b.requireTimer();
    this.runner = b.runner != null ? b.runner : BatchRunner.synchronous(ticker);
    this.listener = b.listener;
    this.queues = new JobQueues(policy);
    this.estimator = new ExecutionEstimator(policy.maxBatchSize());
    this.former = new BatchFormer(queues, policy, estimator);
    this.admission = new Admission(id, policy, queues, estimator, b.model.instanceCount());
    for (int i = 0; i < b.model.instanceCount(); i++) {
      idle.add(b.model.instance(i));
    }
  }

  /** Returns a builder for the batcher of {@code model} under {@code policy}. */
  public static DynamicBatcherBuilder builder(LoadedModel model, BatchPolicy policy) {
    return new DynamicBatcherBuilder(model, policy);
  }

  /** Returns the policy this batcher runs. */
  public BatchPolicy policy() {
    return policy;
  }

  @Override
  public CompletableFuture<InferenceResponse> schedule(InferenceRequest request) {
    RequestContext ctx = request.context();
    CompletableFuture<InferenceResponse> future = new CompletableFuture<>();
    Job job = null;
    Admission.Refusal refusal;
    PriorityClass pc = queues.classOf(policy.effectiveLevel(ctx.priority()));
    synchronized (lock) {
      long now = ticker.nanos();
      if (drained != null) {
        refusal =
            new Admission.Refusal(
                RejectReason.UNLOADING,
                new InferenceException(
                    StatusCode.UNAVAILABLE,
                    "model '" + id.name() + "' version " + version + " is unloading; retry",
                    Admission.UNKNOWN_RETRY));
      } else {
        TenantLoad load = loadOf(ctx.tenant(), now);
        int samples = samplesOf(request);
        long timeout = Admission.effectiveTimeout(ctx.deadline(), pc.policy, now);
        boolean delay = pc.policy.timeoutAction() == LevelPolicy.TimeoutAction.DELAY;
        refusal = admission.check(pc, load, samples, timeout, !delay, now, idle.size());
        if (refusal == null) {
          BatchSignature signature =
              policy.mergesRequests() ? BatchSignature.of(request) : BatchSignature.ANY;
          job =
              new Job(
                  request,
                  future,
                  sequence++,
                  pc,
                  load,
                  queues.laneOf(pc, load),
                  signature,
                  samples,
                  now,
                  timeout,
                  delay);
          queues.enqueue(job);
          accepted++;
        }
      }
    }
    if (refusal != null || job == null) {
      RejectReason reason = refusal != null ? refusal.reason() : RejectReason.UNLOADING;
      listener.requestRejected(id, ctx, pc.level, reason);
      return CompletableFuture.failedFuture(
          refusal != null ? refusal.error() : new IllegalStateException("not admitted"));
    }
    Job admitted = job;
    future.whenComplete(
        (r, e) -> {
          if (e instanceof CancellationException) {
            withdraw(admitted);
          }
        });
    listener.requestQueued(id, ctx, pc.level);
    pump();
    return future;
  }

  @Override
  public CompletableFuture<Void> drain() {
    CompletableFuture<Void> done;
    boolean idleNow;
    synchronized (lock) {
      if (drained == null) {
        drained = new CompletableFuture<>();
      }
      done = drained;
      idleNow = accepted == 0;
    }
    if (idleNow) {
      done.complete(null);
    }
    // Batches that were waiting to fill go now.
    pump();
    return done;
  }

  /** Returns the queued and in-flight counts per level and tenant, and the idle instances. */
  @Override
  public QueueSnapshot snapshot() {
    synchronized (lock) {
      List<QueueSnapshot.Entry> entries = new ArrayList<>();
      for (TenantLoad load : loads.values()) {
        for (PriorityClass pc : queues.classes) {
          if (load.seen[pc.index]) {
            entries.add(
                new QueueSnapshot.Entry(
                    pc.level, load.id, load.queued[pc.index], load.inFlight[pc.index]));
          }
        }
      }
      return new QueueSnapshot(id, entries, idle.size());
    }
  }

  private TenantLoad loadOf(TenantId tenant, long now) {
    TenantLoad load = loads.get(tenant);
    if (load == null) {
      load = new TenantLoad(tenants.policyFor(tenant), queues.classes.length, now);
      loads.put(tenant, load);
    }
    return load;
  }

  private int samplesOf(InferenceRequest request) {
    if (policy.maxBatchSize() == 0 || request.inputs().isEmpty()) {
      return 1;
    }
    Tensor first = request.inputs().get(0);
    return first.shape().rank() > 0 ? (int) Math.max(1, first.shape().dim(0)) : 1;
  }

  private void withdraw(Job job) {
    CompletableFuture<Void> done;
    synchronized (lock) {
      if (!queues.withdraw(job)) {
        return;
      }
      job.state = Job.State.DONE;
      accepted--;
      done = drainedIfIdle();
    }
    listener.requestRejected(
        id, job.request.context(), job.priorityClass.level, RejectReason.CANCELLED);
    if (done != null) {
      done.complete(null);
    }
  }

  private @Nullable CompletableFuture<Void> drainedIfIdle() {
    return accepted == 0 ? drained : null;
  }

  /**
   * Dispatches batches while instances are free and batches are ready. Only one thread runs the
   * loop; a thread that finds it running leaves a note so the loop runs once more.
   */
  private void pump() {
    if (pumps.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (dispatchOnce()) {
        // Keep going: an instance was just given a batch and another may be free.
      }
      missed = pumps.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Forms and sends at most one batch; returns whether to try again. */
  private boolean dispatchOnce() {
    List<Job> dropped = new ArrayList<>(0);
    Dispatch dispatch = null;
    long wake;
    boolean arm = false;
    Cancellable superseded = null;
    CompletableFuture<Void> done;
    synchronized (lock) {
      long now = ticker.nanos();
      long batchWake = Job.NO_TIMEOUT;
      if (idle.isEmpty()) {
        queues.expireDue(now, dropped);
      } else {
        BatchFormer.Formation f = former.form(now, drained != null, dropped);
        List<Job> batch = f.batch();
        if (batch != null) {
          dispatch = new Dispatch(batch, idle.poll());
          int samples = samples(batch);
          FairShare.charge(batch, samples, estimator.nanos(samples));
          for (Job j : batch) {
            j.state = Job.State.DISPATCHED;
            j.tenant.inFlight[j.priorityClass.index]++;
            j.tenant.totalInFlight++;
          }
        } else {
          batchWake = f.wakeNanos();
        }
      }
      for (Job j : dropped) {
        j.state = Job.State.DONE;
        accepted--;
      }
      wake = Math.min(batchWake, queues.nextTimeoutNanos());
      if (wake < armedWakeNanos) {
        superseded = armedWake;
        armedWake = null;
        armedWakeNanos = wake;
        arm = true;
      }
      done = dropped.isEmpty() ? null : drainedIfIdle();
    }
    for (Job j : dropped) {
      answerUncomputed(j);
    }
    if (arm) {
      arm(wake, superseded);
    }
    if (done != null) {
      done.complete(null);
    }
    if (dispatch != null) {
      send(dispatch);
      return true;
    }
    return false;
  }

  private void arm(long wakeNanos, @Nullable Cancellable superseded) {
    if (superseded != null) {
      superseded.cancel();
    }
    Duration delay = Duration.ofNanos(Math.max(0, wakeNanos - ticker.nanos()));
    Cancellable handle = timer.schedule(delay, () -> onWake(wakeNanos));
    boolean stale;
    synchronized (lock) {
      stale = armedWakeNanos != wakeNanos;
      if (!stale) {
        armedWake = handle;
      }
    }
    if (stale) {
      handle.cancel();
    }
  }

  private void onWake(long wakeNanos) {
    synchronized (lock) {
      if (armedWakeNanos == wakeNanos) {
        armedWakeNanos = Job.NO_TIMEOUT;
        armedWake = null;
      }
    }
    pump();
  }

  private void send(Dispatch d) {
    try {
      executor.execute(() -> start(d));
    } catch (RejectedExecutionException e) {
      InferenceException shuttingDown =
          new InferenceException(StatusCode.UNAVAILABLE, "the server is shutting down", e);
      complete(d, List.of(), ticker.nanos(), null, shuttingDown, 0);
    }
  }

  /** Runs on the executor: leaves out what was cancelled or expired, assembles and runs. */
  private void start(Dispatch d) {
    long now = ticker.nanos();
    List<Job> live = new ArrayList<>(d.jobs().size());
    for (Job j : d.jobs()) {
      if (j.future.isDone()) {
        j.rejection = RejectReason.CANCELLED;
      } else if (j.isExpired(now)) {
        j.rejection = RejectReason.DEADLINE_EXPIRED;
      } else {
        live.add(j);
      }
    }
    if (live.isEmpty()) {
      complete(d, live, now, null, null, 0);
      return;
    }
    List<Tensor> inputs;
    try {
      inputs = BatchTensors.concat(live);
    } catch (RuntimeException e) {
      complete(d, live, now, null, e, 0);
      return;
    }
    AtomicBoolean once = new AtomicBoolean();
    BatchRunner.Completion done =
        (outputs, failure, nanos) -> {
          if (once.compareAndSet(false, true)) {
            complete(d, live, now, outputs, failure, nanos);
          }
        };
    try {
      runner.run(d.instance(), inputs, outputNames(live.get(0).request), done);
    } catch (RuntimeException e) {
      done.complete(null, e, ticker.nanos() - now);
    }
  }

  /** Answers every job of a finished (or failed, or emptied) batch and frees its instance. */
  private void complete(
      Dispatch d,
      List<Job> live,
      long startNanos,
      @Nullable List<Tensor> outputs,
      @Nullable RuntimeException failure,
      long computeNanos) {
    InferenceException error = failure == null ? null : asInferenceFailure(failure);
    List<List<Tensor>> perJob = null;
    if (error == null && outputs != null && !live.isEmpty()) {
      try {
        perJob = BatchTensors.split(outputs, live, id.name());
      } catch (RuntimeException e) {
        error = asInferenceFailure(e);
      }
    }
    int samples = samples(live);
    List<Job> left = new ArrayList<>(0);
    CompletableFuture<Void> done;
    synchronized (lock) {
      idle.add(d.instance());
      if (perJob != null) {
        estimator.record(samples, computeNanos);
      }
      for (Job j : d.jobs()) {
        // start() marks every job it leaves out; a batch that never started left out all.
        if (live.isEmpty() || j.rejection != null) {
          left.add(j);
        }
        j.state = Job.State.DONE;
        j.tenant.inFlight[j.priorityClass.index]--;
        j.tenant.totalInFlight--;
      }
      FairShare.settle(live, Math.max(1, samples), computeNanos, left);
      accepted -= d.jobs().size();
      done = drainedIfIdle();
    }
    if (!live.isEmpty() && (outputs != null || failure != null)) {
      boolean shared = false;
      for (Job j : live) {
        shared |= !j.tenant.id.equals(live.get(0).tenant.id);
        listener.requestExecuted(
            id,
            j.request.context(),
            j.priorityClass.level,
            startNanos - j.enqueuedNanos,
            computeNanos,
            samples);
      }
      listener.batchExecuted(id, samples, computeNanos, shared);
    }
    for (int i = 0; i < live.size(); i++) {
      Job j = live.get(i);
      if (perJob != null) {
        j.future.complete(
            new InferenceResponse(
                id.name(),
                version,
                j.request.id(),
                perJob.get(i),
                timings(j, startNanos - j.enqueuedNanos, computeNanos)));
      } else {
        j.future.completeExceptionally(
            error != null ? error : new InferenceException(StatusCode.INTERNAL, "no outputs"));
      }
    }
    for (Job j : left) {
      if (j.rejection == null && error != null) {
        j.future.completeExceptionally(error);
      } else {
        answerUncomputed(j);
      }
    }
    if (done != null) {
      done.complete(null);
    }
    pump();
  }

  /** Returns the queue and compute time parameters a request asked for, or none. */
  private static Map<String, Object> timings(Job j, long queueNanos, long computeNanos) {
    return TimingParameters.isRequested(j.request)
        ? Map.of(
            TimingParameters.QUEUE_NANOS, queueNanos, TimingParameters.COMPUTE_NANOS, computeNanos)
        : Map.of();
  }

  /** Answers a job that was never computed, and tells the listener why. */
  private void answerUncomputed(Job j) {
    RejectReason reason = j.rejection != null ? j.rejection : RejectReason.UNLOADING;
    switch (reason) {
      case DEADLINE_EXPIRED ->
          j.future.completeExceptionally(
              new DeadlineExceededException(
                  "the request's deadline passed while it waited for model '"
                      + id.name()
                      + "'; it was not computed; allow a longer timeout or a higher priority"));
      case DEADLINE_UNMEETABLE ->
          j.future.completeExceptionally(
              new DeadlineExceededException(
                  "model '"
                      + id.name()
                      + "' could not finish the request before its deadline given its observed"
                      + " execution time; it was not computed; allow a longer timeout"));
      case CANCELLED -> {
        // The caller has gone; its future is already cancelled.
      }
      default ->
          j.future.completeExceptionally(
              new InferenceException(
                  StatusCode.UNAVAILABLE,
                  "model '" + id.name() + "' could not run the request; retry",
                  Admission.UNKNOWN_RETRY));
    }
    listener.requestRejected(id, j.request.context(), j.priorityClass.level, reason);
  }

  private InferenceException asInferenceFailure(RuntimeException e) {
    return e instanceof InferenceException ie
        ? ie
        : new InferenceException(
            StatusCode.INTERNAL, "model '" + id.name() + "' failed to execute", e);
  }

  private List<String> outputNames(InferenceRequest request) {
    List<RequestedOutput> requested = request.outputs();
    if (requested.isEmpty()) {
      return allOutputs;
    }
    List<String> names = new ArrayList<>(requested.size());
    for (RequestedOutput o : requested) {
      names.add(o.name());
    }
    return names;
  }

  private static int samples(List<Job> jobs) {
    int n = 0;
    for (Job j : jobs) {
      n += j.samples;
    }
    return n;
  }
}
