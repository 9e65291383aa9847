package io.medulla.scheduling;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import io.medulla.time.Ticker;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Runs each request on its own as soon as one of the model's instances is free, in arrival order:
 * no batching, no priorities. The baseline the clinical scheduler is measured against.
 *
 * <p>Locking: one lock guards the waiting queue, the idle instances and the counters. Backends,
 * futures and listeners are called only after the lock is released (see CONCURRENCY.md).
 */
public final class InstancePoolScheduler implements Scheduler {
  private final ModelId id;
  private final List<String> allOutputs;
  private final boolean batches;
  private final Executor executor;
  private final Ticker ticker;
  private final SchedulerListener listener;

  private final Object lock = new Object();
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private final ArrayDeque<ModelInstance> idle = new ArrayDeque<>();
  private int accepted;
  private @Nullable CompletableFuture<Void> drained;

  private record Job(
      InferenceRequest request, CompletableFuture<InferenceResponse> future, long enqueuedNanos) {}

  private record Dispatch(Job job, ModelInstance instance) {}

  /**
   * Creates a scheduler over every instance of {@code model}.
   *
   * @param allOutputs the model's outputs, in configuration order, for requests that name none
   * @param batches whether inputs carry a leading batch dimension ({@code max_batch_size > 0})
   * @param executor runs executions; each holds a thread for the duration of one model run
   */
  public InstancePoolScheduler(
      LoadedModel model,
      List<String> allOutputs,
      boolean batches,
      Executor executor,
      Ticker ticker,
      SchedulerListener listener) {
    this.id = requireNonNull(model, "model").id();
    this.allOutputs = List.copyOf(allOutputs);
    this.batches = batches;
    this.executor = requireNonNull(executor, "executor");
    this.ticker = requireNonNull(ticker, "ticker");
    this.listener = requireNonNull(listener, "listener");
    for (int i = 0; i < model.instanceCount(); i++) {
      idle.add(model.instance(i));
    }
  }

  @Override
  public CompletableFuture<InferenceResponse> schedule(InferenceRequest request) {
    CompletableFuture<InferenceResponse> future = new CompletableFuture<>();
    synchronized (lock) {
      if (drained != null) {
        return CompletableFuture.failedFuture(
            new InferenceException(
                StatusCode.UNAVAILABLE,
                "model '" + id.name() + "' version " + id.version() + " is unloading; retry"));
      }
      waiting.add(new Job(request, future, ticker.nanos()));
      accepted++;
    }
    dispatch();
    return future;
  }

  @Override
  public CompletableFuture<Void> drain() {
    CompletableFuture<Void> done;
    synchronized (lock) {
      if (drained == null) {
        drained = new CompletableFuture<>();
      }
      done = drained;
      if (accepted > 0) {
        return done;
      }
    }
    done.complete(null);
    return done;
  }

  private void dispatch() {
    while (true) {
      Dispatch next;
      synchronized (lock) {
        if (waiting.isEmpty() || idle.isEmpty()) {
          return;
        }
        next = new Dispatch(waiting.poll(), idle.poll());
      }
      try {
        executor.execute(() -> runFrom(next));
      } catch (RejectedExecutionException e) {
        fail(
            next, new InferenceException(StatusCode.UNAVAILABLE, "the server is shutting down", e));
      }
    }
  }

  /**
   * Runs a request, then keeps the same thread and instance on the next waiting request: one thread
   * hand-off per busy period instead of one per request.
   */
  private void runFrom(Dispatch first) {
    @Nullable Dispatch d = first;
    while (d != null) {
      run(d);
      d = handOver(d.instance());
    }
  }

  /** Runs one request on its instance, unless cancelled or expired, and completes its future. */
  private void run(Dispatch d) {
    Job job = d.job();
    long start = ticker.nanos();
    if (job.future().isDone()) {
      // Cancelled while waiting: never computed.
      return;
    }
    if (job.request().context().deadline().isExpired(start)) {
      job.future()
          .completeExceptionally(
              new DeadlineExceededException(
                  "the request's deadline passed while it waited for model '"
                      + id.name()
                      + "'; it was not computed"));
      return;
    }
    InferenceResponse response = null;
    InferenceException failure = null;
    try {
      List<Tensor> outputs = d.instance().execute(job.request().inputs(), outputNames(job));
      response =
          new InferenceResponse(
              id.name(), Long.toString(id.version()), job.request().id(), outputs, Map.of());
    } catch (InferenceException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure =
          new InferenceException(
              StatusCode.INTERNAL, "model '" + id.name() + "' failed to execute", e);
    }
    long computeNanos = ticker.nanos() - start;
    int batchSize = batchSize(job.request());
    listener.requestExecuted(
        id, job.request().context(), start - job.enqueuedNanos(), computeNanos, batchSize);
    listener.batchExecuted(id, batchSize, computeNanos);
    if (failure != null) {
      job.future().completeExceptionally(failure);
    } else {
      job.future().complete(response);
    }
  }

  /**
   * Accounts for a finished request and returns the next waiting request for the same instance, or
   * null after putting the instance back.
   */
  private @Nullable Dispatch handOver(ModelInstance instance) {
    CompletableFuture<Void> drainedNow = null;
    Dispatch next = null;
    synchronized (lock) {
      accepted--;
      if (accepted == 0 && drained != null) {
        drainedNow = drained;
      }
      Job job = waiting.poll();
      if (job != null) {
        next = new Dispatch(job, instance);
      } else {
        idle.add(instance);
      }
    }
    if (drainedNow != null) {
      drainedNow.complete(null);
    }
    return next;
  }

  /** Fails a request that could not be handed to a thread, and every request queued behind it. */
  private void fail(Dispatch first, InferenceException failure) {
    @Nullable Dispatch d = first;
    while (d != null) {
      d.job().future().completeExceptionally(failure);
      d = handOver(d.instance());
    }
  }

  private List<String> outputNames(Job job) {
    List<RequestedOutput> requested = job.request().outputs();
    return requested.isEmpty()
        ? allOutputs
        : requested.stream().map(RequestedOutput::name).toList();
  }

  /** Returns the request's sample count: its leading dimension when the model batches. */
  private int batchSize(InferenceRequest request) {
    if (!batches || request.inputs().isEmpty()) {
      return 1;
    }
    Tensor first = request.inputs().get(0);
    return first.shape().rank() > 0 ? (int) Math.max(1, first.shape().dim(0)) : 1;
  }
}
