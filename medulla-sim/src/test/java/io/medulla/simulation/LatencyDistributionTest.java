package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyDistributionTest {
  @Test
  void percentilesAreWithinTheBucketPrecision() {
    SplittableRandom rng = new SplittableRandom(3);
    LatencyHistogram h = new LatencyHistogram();
    long[] values = new long[50_000];
    for (int i = 0; i < values.length; i++) {
      // From 50 µs to about 20 s, spread over many octaves.
      values[i] = (long) (50_000 * Math.exp(rng.nextDouble() * 13));
      h.record(values[i]);
    }
    Arrays.sort(values);
    LatencyDistribution d = h.snapshot();

    for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999}) {
      long exact = values[(int) Math.ceil(q * values.length) - 1];
      assertThat((double) d.percentile(q).toNanos()).isCloseTo(exact, within(exact * 0.008));
    }
    assertThat(d.min()).isEqualTo(Duration.ofNanos(values[0]));
    assertThat(d.max()).isEqualTo(Duration.ofNanos(values[values.length - 1]));
    assertThat(d.percentile(1)).isEqualTo(d.max());
    assertThat(d.count()).isEqualTo(values.length);
  }

  @Test
  void theMeanIsExact() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(1_000_001);
    h.record(2_000_002);
    h.record(3_000_003);

    assertThat(h.snapshot().mean()).isEqualTo(Duration.ofNanos(2_000_002));
  }

  @Test
  void bucketsTileTheLine() {
    for (int i = 0; i < 3000; i++) {
      long lo = LatencyHistogram.lowerBound(i);
      long next = LatencyHistogram.lowerBound(i + 1);
      assertThat(LatencyHistogram.index(lo)).isEqualTo(i);
      assertThat(LatencyHistogram.index(next - 1)).isEqualTo(i);
      assertThat((double) (next - lo)).isLessThanOrEqualTo(Math.max(1, lo / 64.0));
    }
  }

  @Test
  void mergedHistogramsEqualOneOverAllValues() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    LatencyHistogram all = new LatencyHistogram();
    for (long v = 1; v < 10_000_000; v = v * 3 + 7) {
      (v % 2 == 0 ? a : b).record(v);
      all.record(v);
    }
    a.add(b);

    assertThat(a.snapshot()).isEqualTo(all.snapshot());
  }

  @Test
  void anEmptyDistributionReportsZeros() {
    LatencyDistribution d = new LatencyHistogram().snapshot();

    assertThat(d).isEqualTo(LatencyDistribution.empty());
    assertThat(d.isEmpty()).isTrue();
    assertThat(d.p99()).isEqualTo(Duration.ZERO);
    assertThat(d.mean()).isEqualTo(Duration.ZERO);
  }
}
