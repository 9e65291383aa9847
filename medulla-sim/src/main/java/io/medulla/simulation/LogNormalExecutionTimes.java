package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Execution times drawn from a log-normal distribution per model and batch size, fitted through a
 * measured median and 99th percentile.
 *
 * <p><b>Fit.</b> If {@code ln T ~ N(μ, σ²)} then the median is {@code e^μ} and the p99 is {@code
 * e^(μ + z σ)} with {@code z = Φ⁻¹(0.99) ≈ 2.3263}; so {@code μ = ln p50} and {@code σ = ln(p99 /
 * p50) / z}. The fit reproduces both percentiles exactly, keeps times positive and gives the right
 * skew; it says nothing about the tail beyond p99, which a log-normal keeps thin. {@code p99 = p50}
 * gives a constant time.
 *
 * <p><b>Batch sizes not measured.</b> Between two measured sizes, p50 and p99 each follow the
 * straight line between them (execution time is close to affine in the batch size over short
 * ranges), and the fit is made there. Below the smallest measured size, its percentiles apply.
 * Above the largest, both grow along the line through the two largest sizes (never shrinking), or
 * stay constant when only one size was measured.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogNormalExecutionTimes implements ExecutionTimes {
  /** {@code Φ⁻¹(0.99)}: how many standard deviations the p99 lies above the median. */
  static final double Z99 = 2.3263478740408408;

  private final Map<String, Curve> curves;

  /** One model's p50 and p99 per batch size, as points to interpolate between. */
  private static final class Curve {
    final double[] p50;
    final double[] p99;
    final double slope50;
    final double slope99;

    Curve(NavigableMap<Integer, ExecutionPercentiles> points) {
      int max = points.lastKey();
      p50 = new double[max + 1];
      p99 = new double[max + 1];
      for (int b = 1; b <= max; b++) {
        p50[b] = interpolate(points, b, true);
        p99[b] = interpolate(points, b, false);
      }
      Integer below = points.lowerKey(max);
      if (below == null) {
        slope50 = 0;
        slope99 = 0;
      } else {
        slope50 = Math.max(0, (p50[max] - p50[below]) / (max - below));
        slope99 = Math.max(0, (p99[max] - p99[below]) / (max - below));
      }
    }

    double p50(int batch) {
      int max = p50.length - 1;
      return batch <= max ? p50[Math.max(1, batch)] : p50[max] + slope50 * (batch - max);
    }

    double p99(int batch) {
      int max = p99.length - 1;
      return batch <= max ? p99[Math.max(1, batch)] : p99[max] + slope99 * (batch - max);
    }

    private static double interpolate(
        NavigableMap<Integer, ExecutionPercentiles> points, int batch, boolean median) {
      Map.Entry<Integer, ExecutionPercentiles> lo = points.floorEntry(batch);
      Map.Entry<Integer, ExecutionPercentiles> hi = points.ceilingEntry(batch);
      if (lo == null) {
        return nanos(points.firstEntry().getValue(), median);
      }
      if (hi == null || lo.getKey().equals(hi.getKey())) {
        return nanos(lo.getValue(), median);
      }
      double f = (double) (batch - lo.getKey()) / (hi.getKey() - lo.getKey());
      double a = nanos(lo.getValue(), median);
      return a + f * (nanos(hi.getValue(), median) - a);
    }

    private static double nanos(ExecutionPercentiles p, boolean median) {
      return (median ? p.p50() : p.p99()).toNanos();
    }
  }

  private LogNormalExecutionTimes(Map<String, Curve> curves) {
    this.curves = curves;
  }

  /**
   * Returns times fitted to {@code profiles}.
   *
   * @param profiles model name to batch size (&ge; 1) to percentiles; at least one size per model
   */
  public static LogNormalExecutionTimes of(
      Map<String, Map<Integer, ExecutionPercentiles>> profiles) {
    requireNonNull(profiles, "profiles");
    Map<String, Curve> curves = new TreeMap<>();
    profiles.forEach(
        (model, sizes) -> {
          requireNonNull(model, "model");
          requireNonNull(sizes, model);
          if (sizes.isEmpty()) {
            throw new IllegalArgumentException(
                model + ": no batch sizes (expected: at least one measured size)");
          }
          NavigableMap<Integer, ExecutionPercentiles> points = new TreeMap<>();
          sizes.forEach(
              (batch, p) -> {
                requireNonNull(batch, model + " batch size");
                requireNonNull(p, model + " percentiles");
                if (batch < 1) {
                  throw new IllegalArgumentException(
                      model + ": batch size " + batch + " (expected: >= 1)");
                }
                points.put(batch, p);
              });
          curves.put(model, new Curve(points));
        });
    return new LogNormalExecutionTimes(Collections.unmodifiableMap(curves));
  }

  @Override
  public Duration sample(String model, int batchSize, SplittableRandom rng) {
    Curve c = curveOf(model);
    double median = c.p50(batchSize);
    double p99 = c.p99(batchSize);
    if (p99 <= median) {
      return Duration.ofNanos(Math.max(1, Math.round(median)));
    }
    double sigma = StrictMath.log(p99 / median) / Z99;
    double nanos = median * StrictMath.exp(sigma * Randoms.normal(rng));
    return Duration.ofNanos(Math.max(1, Math.round(nanos)));
  }

  @Override
  public boolean covers(String model) {
    return curves.containsKey(model);
  }

  /** Returns the p50 and p99 the draws for {@code model} at {@code batchSize} follow. */
  public ExecutionPercentiles percentiles(String model, int batchSize) {
    Curve c = curveOf(model);
    return new ExecutionPercentiles(
        Duration.ofNanos(Math.max(1, Math.round(c.p50(batchSize)))),
        Duration.ofNanos(Math.max(1, Math.round(Math.max(c.p50(batchSize), c.p99(batchSize))))));
  }

  private Curve curveOf(String model) {
    Curve c = curves.get(model);
    if (c == null) {
      throw new IllegalArgumentException(
          "model '"
              + model
              + "' has no execution profile (expected one of "
              + curves.keySet()
              + ")");
    }
    return c;
  }
}
