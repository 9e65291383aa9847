package io.medulla.planning;

import static io.medulla.planning.Fixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchChoiceTest {
  private static final BatchProfile FIVE_TO_SIXTEEN = BatchProfile.of(Map.of(1, ms(5), 8, ms(16)));

  @Test
  void choosesTheLargestBatchTheSloAllowsWhenLargerBatchesAreCheaper() {
    // Rate 100/s, t(1) = 5 ms, t(8) = 16 ms, so t(b) = 5 + (b - 1) × 11/7 ms, SLO 100 ms.
    // u(b) = 100 × t(b) / b = 0.1 × (24/7/b + 11/7): it falls as b grows.
    // L(b) = (b - 1)/100 s + 2 t(b):
    //   b = 8: 70 ms + 32 ms = 102 ms > 100 ms, too slow;
    //   b = 7: 60 ms + 2 × 14.4286 ms = 88.857 ms, within the SLO.
    // So b = 7 and u = 0.1 × (24/49 + 77/49) = 10.1/49 = 0.206122.
    BatchChoice choice = BatchChoice.best(FIVE_TO_SIXTEEN, 100, 1, ms(100)).orElseThrow();

    assertThat(choice.batchSize()).isEqualTo(7);
    assertThat(choice.computeShare()).isCloseTo(10.1 / 49, within(1e-9));
    assertThat(choice.worstLatency().toNanos() / 1e6).isCloseTo(88.857, within(1e-3));
  }

  @Test
  void aFasterDeviceShortensEveryBatchAndAllowsALargerOne() {
    // Speed 2: t(8) = 8 ms, L(8) = 70 + 16 = 86 ms <= 100 ms; u = 100 × 0.008 / 8 = 0.1.
    BatchChoice choice = BatchChoice.best(FIVE_TO_SIXTEEN, 100, 2, ms(100)).orElseThrow();

    assertThat(choice.batchSize()).isEqualTo(8);
    assertThat(choice.computeShare()).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void aLowRateCannotFillBigBatchesWithinTheSlo() {
    // Rate 10/s: L(b) = (b - 1) × 100 ms + 2 t(b) > 100 ms already at b = 2 (100 + 2 × 6.57).
    BatchChoice choice = BatchChoice.best(FIVE_TO_SIXTEEN, 10, 1, ms(100)).orElseThrow();

    assertThat(choice.batchSize()).isEqualTo(1);
    assertThat(choice.computeShare()).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void noChoiceWhenBatchOneMissesTheSlo() {
    // L(1) = 2 × 5 ms = 10 ms > 9 ms.
    assertThat(BatchChoice.best(FIVE_TO_SIXTEEN, 100, 1, ms(9))).isEmpty();
    assertThat(BatchChoice.best(FIVE_TO_SIXTEEN, 100, 1, ms(10))).isPresent();
  }

  @Test
  void anIdleModelRunsBatchOneAtNoCost() {
    BatchChoice choice = BatchChoice.best(FIVE_TO_SIXTEEN, 0, 1, ms(100)).orElseThrow();

    assertThat(choice.batchSize()).isEqualTo(1);
    assertThat(choice.computeShare()).isZero();
  }

  @Test
  void batchingThatSavesNothingKeepsTheSmallerBatch() {
    // t(b) = b × 5 ms: u is 0.5 at every size, so the tie goes to the lowest latency.
    BatchProfile linear = BatchProfile.of(Map.of(1, ms(5), 4, ms(20)));

    assertThat(BatchChoice.best(linear, 100, 1, ms(1000)).orElseThrow().batchSize()).isEqualTo(1);
  }
}
