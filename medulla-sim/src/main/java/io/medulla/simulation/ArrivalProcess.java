package io.medulla.simulation;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The arrival times of one stream inside a window, one at a time, so that a day of arrivals never
 * sits in memory: offsets from the window's start, in order. Not thread-safe.
 */
abstract class ArrivalProcess {
  /** Returned by {@link #next()} when no arrival is left in the window. */
  static final long NONE = Long.MAX_VALUE;

  /** Returns the next arrival's offset from the window's start, or {@link #NONE}. */
  abstract long next();

  /** Returns the process of {@code pattern} inside {@code window}, drawing from {@code rng}. */
  static ArrivalProcess of(
      ArrivalPattern pattern,
      Burstiness burstiness,
      SimulationWindow window,
      SplittableRandom rng) {
    return switch (pattern) {
      case ArrivalPattern.Hourly h -> new Renewal(h, burstiness, window, rng);
      case ArrivalPattern.Trace t -> new Replay(t.offsets(), window);
    };
  }

  /** Unit-mean renewal gaps stretched through the hourly rates (see {@link Burstiness}). */
  private static final class Renewal extends ArrivalProcess {
    private static final double HOUR_SECONDS = 3600;

    private final double[] rates = new double[ArrivalPattern.HOURS];
    private final double shape;
    private final boolean poisson;
    private final SplittableRandom rng;
    private final double startSeconds;
    private final double endSeconds;
    private final long lengthNanos;
    private double t;
    private boolean started;

    Renewal(
        ArrivalPattern.Hourly pattern,
        Burstiness burstiness,
        SimulationWindow window,
        SplittableRandom rng) {
      for (int h = 0; h < rates.length; h++) {
        rates[h] = pattern.rate(h);
      }
      this.poisson = burstiness instanceof Burstiness.Poisson;
      this.shape = burstiness instanceof Burstiness.Gamma g ? g.shape() : 1;
      this.rng = rng;
      this.startSeconds = Durations.seconds(window.start());
      this.endSeconds = Durations.seconds(window.end());
      this.lengthNanos = window.length().toNanos();
      this.t = startSeconds;
    }

    @Override
    long next() {
      if (t >= endSeconds) {
        return NONE;
      }
      double gap = started ? gap() : firstGap();
      started = true;
      t = stretch(t, gap);
      if (t >= endSeconds) {
        return NONE;
      }
      long offset = Math.round((t - startSeconds) * 1e9);
      return offset < lengthNanos ? offset : NONE;
    }

    /** Returns a unit-mean gap. */
    private double gap() {
      return poisson ? Randoms.exponential(rng) : Randoms.gamma(shape, rng) / shape;
    }

    /** Returns the equilibrium residual gap: {@code U ×} a length-biased gap. */
    private double firstGap() {
      if (poisson) {
        return Randoms.exponential(rng);
      }
      double u = rng.nextDouble();
      return u * Randoms.gamma(shape + 1, rng) / shape;
    }

    /** Returns the time at which {@code gap} of cumulative rate has passed after {@code from}. */
    private double stretch(double from, double gap) {
      double at = from;
      double left = gap;
      while (true) {
        long hour = (long) Math.floor(at / HOUR_SECONDS);
        double hourEnd = (hour + 1) * HOUR_SECONDS;
        double rate = rates[(int) (hour % ArrivalPattern.HOURS)];
        if (rate > 0) {
          double room = rate * (hourEnd - at);
          if (left < room) {
            return at + left / rate;
          }
          left -= room;
        }
        at = hourEnd;
        if (at >= endSeconds) {
          return at;
        }
      }
    }
  }

  /** A trace's offsets that fall inside the window, shifted to the window's start. */
  private static final class Replay extends ArrivalProcess {
    private final List<Duration> offsets;
    private final long startNanos;
    private final long endNanos;
    private int next;

    Replay(List<Duration> offsets, SimulationWindow window) {
      this.offsets = offsets;
      this.startNanos = window.start().toNanos();
      this.endNanos = window.end().toNanos();
    }

    @Override
    long next() {
      while (next < offsets.size()) {
        long at = offsets.get(next++).toNanos();
        if (at >= endNanos) {
          next = offsets.size();
          return NONE;
        }
        if (at >= startNanos) {
          return at - startNanos;
        }
      }
      return NONE;
    }
  }
}
