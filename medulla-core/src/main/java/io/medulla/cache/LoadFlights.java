package io.medulla.cache;

import io.medulla.inference.Deadline;
import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.StatusCode;
import io.medulla.repository.LoadCause;
import io.medulla.time.Cancellable;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-flight loads: at most one load per model runs on the load executor, and every party that
 * needs the model (requests, pre-warms) waits for that one. Each waiter has its own deadline: when
 * it passes, that waiter fails and the load goes on for the others.
 *
 * <p>A load whose cause may not evict ({@link LoadCause#PREDICTION}) can be refused where one that
 * may evict would not: waiters that may evict then start a load of their own, once.
 *
 * <p>A load that fails (not one the memory budget refused, which says when to ask again) is not
 * tried again at once: for a back-off that starts at {@link #FIRST_BACKOFF} and doubles with each
 * failure in a row up to {@link #MAX_BACKOFF}, parties fail at once with the last failure's reason
 * and a Retry-After, so a broken model does not cost a full load attempt per wave of requests. A
 * load that succeeds clears it.
 *
 * <p>Thread safety: one short lock (this object's monitor) guards the flights and the pending
 * waiters; the load, the timer, the executor and every future completion run without it. Waiters
 * complete on the thread that finished the load, the timer's thread (deadline) or the closing
 * thread.
 */
final class LoadFlights {
  private static final Logger logger = LoggerFactory.getLogger(LoadFlights.class);

  /** The load itself: blocks until the model is loaded, or throws why it could not be. */
  @FunctionalInterface
  interface Loader {
    void load(String model, LoadCause cause);
  }

  /** What a waiter gets once the load has succeeded. */
  interface Delivery<T> {
    /**
     * Takes what the waiter gets (a lease, say).
     *
     * @throws InferenceException when the model cannot serve after all
     */
    T take();

    /** The waiter got {@code value}. */
    default void delivered(T value) {}

    /** The waiter had already gone (deadline, shutdown): {@code value} is given back. */
    default void discard(T value) {}
  }

  private final Loader loader;
  private final Executor executor;
  private final Timer timer;
  private final Ticker ticker;
  private final Ledger ledger;

  /** The back-off after a model's first failed load. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /** The longest back-off, however many loads failed in a row. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final Map<String, Flight> flights = new HashMap<>();
  private final Map<String, Backoff> backoffs = new HashMap<>();
  private final Set<Waiter<?>> pending = new LinkedHashSet<>();
  private boolean closed;

  private static final class Flight {
    final String model;
    final LoadCause cause;
    final List<Waiter<?>> waiters = new ArrayList<>();

    Flight(String model, LoadCause cause) {
      this.model = model;
      this.cause = cause;
    }
  }

  /** Failed loads of a model in a row, and until when no new one starts. */
  private record Backoff(int failures, long untilNanos, InferenceException last) {}

  private static final class Waiter<T> {
    final String model;
    final LoadCause cause;
    final Delivery<T> delivery;
    final CompletableFuture<T> future = new CompletableFuture<>();
    volatile @Nullable Cancellable deadlineTask;
    boolean retried;

    Waiter(String model, LoadCause cause, Delivery<T> delivery) {
      this.model = model;
      this.cause = cause;
      this.delivery = delivery;
    }
  }

  LoadFlights(Loader loader, Executor executor, Timer timer, Ticker ticker, Ledger ledger) {
    this.loader = loader;
    this.executor = executor;
    this.timer = timer;
    this.ticker = ticker;
    this.ledger = ledger;
  }

  /**
   * Waits for {@code model} to load, joining the load in progress or starting one with {@code
   * cause}; the future completes with what {@code delivery} takes, or fails with why not.
   */
  <T> CompletableFuture<T> await(
      String model, LoadCause cause, Deadline deadline, Delivery<T> delivery) {
    Waiter<T> w = new Waiter<>(model, cause, delivery);
    long now = ticker.nanos();
    if (deadline.isExpired(now)) {
      w.future.completeExceptionally(
          new DeadlineExceededException(
              "the deadline passed before model '" + model + "' could load"));
      return w.future;
    }
    if (deadline.isSet()) {
      w.deadlineTask =
          timer.schedule(
              deadline.remaining(now),
              () ->
                  fail(
                      w,
                      new DeadlineExceededException(
                          "the deadline passed while model '"
                              + model
                              + "' was loading; the load goes on")));
    }
    enqueue(w, cause);
    return w.future;
  }

  private void enqueue(Waiter<?> w, LoadCause cause) {
    Flight started = null;
    boolean refused;
    InferenceException backingOff = null;
    synchronized (this) {
      refused = closed;
      if (!refused) {
        Flight f = flights.get(w.model);
        if (f == null) {
          backingOff = backingOff(w.model);
        }
        if (backingOff != null) {
          refused = true;
        } else if (f == null) {
          f = new Flight(w.model, cause);
          flights.put(w.model, f);
          started = f;
        }
        if (f != null) {
          f.waiters.add(w);
          pending.add(w);
        }
      }
    }
    if (backingOff != null) {
      fail(w, backingOff);
    } else if (refused) {
      fail(w, shuttingDown(w.model));
    } else if (started != null) {
      start(started);
    }
  }

  private void start(Flight flight) {
    ledger.beginLoad(flight.model);
    try {
      executor.execute(() -> run(flight));
    } catch (RejectedExecutionException e) {
      finish(
          flight,
          new InferenceException(
              StatusCode.UNAVAILABLE,
              "cannot load model '" + flight.model + "' now: the server is not accepting loads",
              e));
    }
  }

  private void run(Flight flight) {
    RuntimeException failure = null;
    try {
      loader.load(flight.model, flight.cause);
    } catch (RuntimeException e) {
      failure = e;
    }
    finish(flight, failure);
  }

  private void finish(Flight flight, @Nullable RuntimeException failure) {
    List<Waiter<?>> waiters;
    synchronized (this) {
      flights.remove(flight.model, flight);
      recordOutcome(flight.model, failure);
      waiters = List.copyOf(flight.waiters);
      flight.waiters.clear();
    }
    // The model stays protected from eviction until every waiter has taken its lease.
    try {
      for (Waiter<?> w : waiters) {
        hand(w, flight, failure);
      }
    } finally {
      ledger.endLoad(flight.model);
    }
  }

  private <T> void hand(Waiter<T> w, Flight flight, @Nullable RuntimeException failure) {
    if (w.future.isDone()) {
      return;
    }
    if (failure == null) {
      T value;
      try {
        value = w.delivery.take();
      } catch (RuntimeException e) {
        fail(w, e);
        return;
      }
      if (complete(w, value)) {
        w.delivery.delivered(value);
      } else {
        w.delivery.discard(value);
      }
    } else if (retriesWithEviction(w, flight, failure)) {
      w.retried = true;
      synchronized (this) {
        pending.remove(w);
      }
      enqueue(w, w.cause);
    } else {
      fail(w, failure);
    }
  }

  /**
   * Returns the failure to give a new party while {@code model} backs off; null when it may load.
   */
  private @Nullable InferenceException backingOff(String model) {
    Backoff b = backoffs.get(model);
    if (b == null) {
      return null;
    }
    long left = b.untilNanos() - ticker.nanos();
    if (left <= 0) {
      return null;
    }
    return new InferenceException(
        StatusCode.UNAVAILABLE,
        b.last().getMessage()
            + " (failed "
            + b.failures()
            + (b.failures() == 1 ? " time" : " times")
            + " in a row; not tried again for "
            + Math.max(1, Duration.ofNanos(left).toSeconds())
            + " s)",
        Duration.ofNanos(left));
  }

  /** Starts or lengthens the back-off after a failed load; clears it after a success. */
  private void recordOutcome(String model, @Nullable RuntimeException failure) {
    if (failure == null) {
      backoffs.remove(model);
      return;
    }
    InferenceException e =
        failure instanceof InferenceException ie
            ? ie
            : new InferenceException(
                StatusCode.UNAVAILABLE,
                "model '" + model + "' failed to load (" + failure.getClass().getSimpleName() + ")",
                failure);
    if (e.retryAfter() != null || closed) {
      return; // refused for room, or shutting down: not the model's fault
    }
    Backoff previous = backoffs.get(model);
    int failures = previous == null ? 1 : previous.failures() + 1;
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 20));
    if (wait.compareTo(MAX_BACKOFF) > 0) {
      wait = MAX_BACKOFF;
    }
    backoffs.put(model, new Backoff(failures, ticker.nanos() + wait.toNanos(), e));
  }

  private static boolean retriesWithEviction(Waiter<?> w, Flight flight, RuntimeException failure) {
    return flight.cause == LoadCause.PREDICTION
        && w.cause != LoadCause.PREDICTION
        && !w.retried
        && failure instanceof InferenceException ie
        && ie.status() == StatusCode.UNAVAILABLE;
  }

  private <T> boolean complete(Waiter<T> w, T value) {
    forget(w);
    return w.future.complete(value);
  }

  private void fail(Waiter<?> w, RuntimeException failure) {
    forget(w);
    w.future.completeExceptionally(asInferenceException(w.model, failure));
  }

  private void forget(Waiter<?> w) {
    synchronized (this) {
      pending.remove(w);
    }
    Cancellable task = w.deadlineTask;
    if (task != null) {
      task.cancel();
    }
  }

  private static InferenceException asInferenceException(String model, RuntimeException e) {
    if (e instanceof InferenceException ie) {
      return ie;
    }
    logger.warn("model '{}': loading failed unexpectedly", model, e);
    return new InferenceException(
        StatusCode.UNAVAILABLE,
        "model '" + model + "' failed to load (" + e.getClass().getSimpleName() + ")",
        e);
  }

  private static InferenceException shuttingDown(String model) {
    return new InferenceException(
        StatusCode.UNAVAILABLE,
        "the server is shutting down; model '" + model + "' will not be loaded for this request");
  }

  /** Returns the models whose load is in progress, for tests and diagnostics. */
  synchronized Set<String> loading() {
    return Set.copyOf(flights.keySet());
  }

  /**
   * Fails every pending waiter with UNAVAILABLE and refuses new ones; loads in progress finish in
   * the background.
   */
  void close() {
    List<Waiter<?>> waiting;
    synchronized (this) {
      closed = true;
      waiting = List.copyOf(pending);
    }
    for (Waiter<?> w : waiting) {
      fail(w, shuttingDown(w.model));
    }
  }
}
