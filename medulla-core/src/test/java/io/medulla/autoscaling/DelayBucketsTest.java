package io.medulla.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.scheduling.ClinicalPriority;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelayBucketsTest {
  @Test
  void bucketsRiseWithTheDelayAndSpanEveryLong() {
    assertThat(DelayBuckets.index(-5)).isZero();
    assertThat(DelayBuckets.index(7)).isEqualTo(7);
    assertThat(DelayBuckets.index(8)).isEqualTo(8);
    assertThat(DelayBuckets.index(Long.MAX_VALUE)).isEqualTo(DelayBuckets.COUNT - 1);
    int previous = 0;
    for (long v = 1; v > 0 && v < Long.MAX_VALUE / 2; v = v * 3 / 2 + 1) {
      int i = DelayBuckets.index(v);
      assertThat(i).isGreaterThanOrEqualTo(previous);
      previous = i;
    }
  }

  @Test
  void theP95IsNeverBelowTheTrueOneAndAtMostAnEighthAbove() {
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      int n = 20 + random.nextInt(500);
      long[] delays = new long[n];
      WindowSlot slot = new WindowSlot(0);
      for (int i = 0; i < n; i++) {
        delays[i] = (long) Math.exp(random.nextDouble() * 25);
        slot.delay(ClinicalPriority.URGENT, delays[i]);
      }
      WindowTotals totals = new WindowTotals();
      slot.addTo(totals);
      Arrays.sort(delays);
      long truth = delays[(int) Math.ceil(0.95 * n) - 1];

      long p95 = totals.p95(ClinicalPriority.URGENT);

      assertThat(p95).isGreaterThanOrEqualTo(truth);
      assertThat((double) p95).isLessThanOrEqualTo(truth * 1.125);
    }
  }
}
