package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.scheduling.DynamicBatcher;
import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Open-loop load: each stream sends at Poisson arrival times (seeded) whether or not earlier
 * requests have been answered, from one thread. Latency is measured from the <em>scheduled</em>
 * send time, so a generator that falls behind cannot hide queueing (coordinated omission).
 *
 * <p>Requests still unanswered when the measurement ends are cancelled (which withdraws them from
 * the scheduler's queue) and counted as missed, with their age as a lower bound of their latency.
 */
final class OpenLoop {
  /**
   * One stream of requests.
   *
   * @param name the stream's name in the results
   * @param tenant the tenant it sends for
   * @param priority the priority level
   * @param ratePerSecond the mean arrival rate
   * @param timeout each request's deadline after its scheduled send; {@link Duration#ZERO}: none
   * @param rows samples per request
   */
  record Stream(
      String name,
      TenantId tenant,
      int priority,
      double ratePerSecond,
      Duration timeout,
      int rows) {
    Stream {
      requireNonNull(name, "name");
      if (!(ratePerSecond > 0)) {
        throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " (expected: > 0)");
      }
    }
  }

  /**
   * What one stream saw in the measured interval.
   *
   * @param sent requests whose scheduled send fell in the measured interval
   * @param completed those answered successfully
   * @param withinDeadline those answered successfully within their deadline, from the scheduled
   *     send (all completed ones when the stream has no deadline)
   * @param rejected those refused or expired by the scheduler (429, 503, 504)
   * @param unfinished those still unanswered at the end (cancelled)
   * @param latency the latencies of the completed ones, from the scheduled send
   * @param goodputPerSecond within-deadline answers per second
   * @param attainment within-deadline answers over sent
   * @param effectiveP99Micros the p99 over every sent request, counting one that got no answer
   *     (refused, expired, unfinished) as infinitely late: the latency a caller actually saw
   */
  record StreamResult(
      long sent,
      long completed,
      long withinDeadline,
      long rejected,
      long unfinished,
      LatencyStats latency,
      double goodputPerSecond,
      double attainment,
      double effectiveP99Micros) {}

  private static final class Tally {
    final Stream stream;
    final LatencyRecorder latencies = new LatencyRecorder();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong within = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final SplittableRandom random;
    long next;

    Tally(Stream stream, long seed) {
      this.stream = stream;
      this.random = new SplittableRandom(seed);
    }

    long gapNanos() {
      return (long) (-Math.log(1 - random.nextDouble()) / stream.ratePerSecond() * 1e9);
    }
  }

  private final RequestFactory factory;
  private final Ticker ticker;
  private final long seed;

  /** Makes one stream's request, stamped with the current time. */
  @FunctionalInterface
  interface RequestFactory {
    /** Returns a request for {@code stream}. */
    InferenceRequest make(Stream stream);
  }

  OpenLoop(RequestFactory factory, Ticker ticker, long seed) {
    this.factory = requireNonNull(factory, "factory");
    this.ticker = requireNonNull(ticker, "ticker");
    this.seed = seed;
  }

  /**
   * Drives {@code streams} into {@code batcher} for {@code warmup} (not counted) and then {@code
   * measure}; returns each stream's result by name.
   */
  StreamResults run(
      DynamicBatcher batcher, List<Stream> streams, Duration warmup, Duration measure) {
    List<Tally> tallies = new ArrayList<>();
    long start = ticker.nanos();
    for (int i = 0; i < streams.size(); i++) {
      Tally t = new Tally(streams.get(i), seed * 31 + i);
      t.next = start + t.gapNanos();
      tallies.add(t);
    }
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    Map<CompletableFuture<InferenceResponse>, Boolean> outstanding = new ConcurrentHashMap<>();
    while (true) {
      Tally due = tallies.get(0);
      for (Tally t : tallies) {
        if (t.next < due.next) {
          due = t;
        }
      }
      long scheduled = due.next;
      if (scheduled >= end) {
        break;
      }
      long wait = scheduled - ticker.nanos();
      if (wait > 20_000) {
        LockSupport.parkNanos(wait - 10_000);
        continue;
      }
      due.next = scheduled + due.gapNanos();
      boolean counted = scheduled >= measureFrom;
      Tally tally = due;
      if (counted) {
        tally.sent.incrementAndGet();
      }
      CompletableFuture<InferenceResponse> f = batcher.schedule(factory.make(tally.stream));
      if (!f.isDone()) {
        outstanding.put(f, Boolean.TRUE);
      }
      CompletableFuture<?> unused =
          f.whenComplete(
              (r, e) -> {
                outstanding.remove(f);
                if (counted) {
                  record(tally, scheduled, e);
                }
              });
    }
    // What the measured interval left unanswered missed; cancel it so the next run starts clean.
    for (CompletableFuture<InferenceResponse> f : List.copyOf(outstanding.keySet())) {
      f.cancel(false);
    }
    Map<String, StreamResult> results = new LinkedHashMap<>();
    double seconds = measure.toNanos() / 1e9;
    for (Tally t : tallies) {
      long sent = t.sent.get();
      long rejected = t.rejected.get();
      long completed = t.completed.get();
      long within = t.within.get();
      long unfinished = Math.max(0, sent - completed - rejected);
      long[] latencies = t.latencies.cut();
      results.put(
          t.stream.name(),
          new StreamResult(
              sent,
              completed,
              within,
              rejected,
              unfinished,
              LatencyStats.of(latencies),
              within / seconds,
              sent == 0 ? 0 : (double) within / sent,
              effectiveP99Micros(latencies, sent)));
    }
    return new StreamResults(results);
  }

  /** Returns the p99 of {@code sent} requests of which only {@code completed} were answered. */
  static double effectiveP99Micros(long[] completed, long sent) {
    if (sent == 0) {
      return 0;
    }
    long[] sorted = completed.clone();
    java.util.Arrays.sort(sorted);
    long rank = (long) Math.ceil(0.99 * sent);
    return rank <= sorted.length
        ? sorted[(int) Math.max(0, rank - 1)] / 1e3
        : Double.POSITIVE_INFINITY;
  }

  private void record(Tally tally, long scheduled, @Nullable Throwable error) {
    if (error == null) {
      long latency = ticker.nanos() - scheduled;
      tally.latencies.record(latency);
      tally.completed.incrementAndGet();
      Duration timeout = tally.stream.timeout();
      if (timeout.isZero() || latency <= timeout.toNanos()) {
        tally.within.incrementAndGet();
      }
      return;
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof InferenceException ie && isRefusal(ie.status())) {
      tally.rejected.incrementAndGet();
    }
    // Cancelled requests are counted as unfinished by the caller; anything else is a failure the
    // run cannot hide, so it counts as neither completed nor within deadline.
  }

  private static boolean isRefusal(StatusCode status) {
    return status != StatusCode.INTERNAL;
  }
}
