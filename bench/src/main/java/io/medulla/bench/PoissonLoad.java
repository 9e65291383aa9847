package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Open-loop Poisson load on an {@link AsyncTarget} (a network client), from the calling thread:
 * each request is sent at its seeded arrival time whether or not earlier ones have been answered,
 * and its latency runs from the <em>scheduled</em> send time, so a generator that falls behind
 * cannot hide queueing (coordinated omission). {@link OpenLoop} does the same for a scheduler
 * in-process; this one drives the server through its protocol.
 *
 * <p>At most {@code maxOutstanding} requests are in flight: an arrival beyond is not sent and
 * counts as dropped (with HTTP/1.1, one connection per request in flight; an overloaded server
 * would otherwise exhaust the process's file descriptors). A run that dropped any has overloaded
 * the server, and its percentiles cover only what was sent.
 *
 * <p>Requests scheduled in the measured interval are followed to their answers after it ends (up to
 * a drain limit); those still unanswered then count as unfinished. Not thread-safe: one run at a
 * time, on one thread; completions may arrive on any thread.
 */
final class PoissonLoad {
  /**
   * What one run saw.
   *
   * @param ratePerSecond the offered mean rate
   * @param sent requests scheduled in the measured interval
   * @param completed those answered successfully
   * @param failed those that failed
   * @param dropped arrivals not sent because {@code maxOutstanding} requests were in flight
   * @param unfinished those still unanswered at the drain limit
   * @param throughput completed requests per second of the measured interval
   * @param latency the completed requests' latencies from their scheduled send
   * @param firstError the first failure's description, or null
   */
  record Result(
      double ratePerSecond,
      long sent,
      long completed,
      long failed,
      long dropped,
      long unfinished,
      double throughput,
      LatencyStats latency,
      @Nullable String firstError) {}

  private final AsyncTarget target;
  private final Ticker ticker;
  private final Duration drainLimit;
  private final int maxOutstanding;

  PoissonLoad(AsyncTarget target, Ticker ticker, Duration drainLimit, int maxOutstanding) {
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("maxOutstanding: " + maxOutstanding + " (expected: > 0)");
    }
    this.maxOutstanding = maxOutstanding;
    this.target = requireNonNull(target, "target");
    this.ticker = requireNonNull(ticker, "ticker");
    this.drainLimit = requireNonNull(drainLimit, "drainLimit");
  }

  /** Sends at {@code ratePerSecond} for {@code warmup} (not counted) and then {@code measure}. */
  Result run(double ratePerSecond, Duration warmup, Duration measure, long seed) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " (expected: > 0)");
    }
    SplittableRandom random = new SplittableRandom(seed);
    LatencyRecorder latencies = new LatencyRecorder();
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong outstanding = new AtomicLong();
    AtomicLong inFlight = new AtomicLong();
    long dropped = 0;
    AtomicReference<@Nullable String> firstError = new AtomicReference<>();
    long sent = 0;
    long start = ticker.nanos();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    long next = start + gap(random, ratePerSecond);
    while (next < end) {
      long wait = next - ticker.nanos();
      if (wait > 20_000) {
        LockSupport.parkNanos(wait - 10_000);
        continue;
      }
      long scheduled = next;
      next += gap(random, ratePerSecond);
      boolean counted = scheduled >= measureFrom;
      if (inFlight.get() >= maxOutstanding) {
        if (counted) {
          dropped++;
        }
        continue;
      }
      inFlight.incrementAndGet();
      if (counted) {
        sent++;
        outstanding.incrementAndGet();
      }
      CompletableFuture<?> f;
      try {
        f = target.send();
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      CompletableFuture<?> unused =
          f.whenComplete(
              (r, e) -> {
                inFlight.decrementAndGet();
                if (!counted) {
                  return;
                }
                if (e == null) {
                  latencies.record(ticker.nanos() - scheduled);
                  completed.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                  firstError.compareAndSet(null, Measurement.describe(e));
                }
                outstanding.decrementAndGet();
              });
    }
    long drainEnd = ticker.nanos() + drainLimit.toNanos();
    while (outstanding.get() > 0 && ticker.nanos() < drainEnd) {
      LockSupport.parkNanos(1_000_000);
    }
    long[] all = latencies.cut();
    return new Result(
        ratePerSecond,
        sent,
        completed.get(),
        failed.get(),
        dropped,
        Math.max(0, sent - completed.get() - failed.get()),
        completed.get() / (measure.toNanos() / 1e9),
        LatencyStats.of(all),
        firstError.get());
  }

  private static long gap(SplittableRandom random, double rate) {
    return (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
  }
}
