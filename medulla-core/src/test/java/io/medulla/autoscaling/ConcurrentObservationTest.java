package io.medulla.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.ModelId;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ConcurrentObservationTest {
  private static final int THREADS = 8;
  private static final int EACH = 10_000;

  @Test
  void concurrentObserversLoseNothing() throws InterruptedException {
    ManualTicker ticker = new ManualTicker();
    ScalingPolicy policy = new ScalingPolicy(ScalingSettings.defaults(), ticker);
    ModelId model = new ModelId("m", 1);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      ClinicalPriority c = t % 2 == 0 ? ClinicalPriority.STAT : ClinicalPriority.ROUTINE;
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < EACH; i++) {
                  policy.observe(c, i, i % 100 == 0 ? Outcome.REJECTED : Outcome.EXECUTED);
                  policy.observeBusy(model, 10, 1);
                }
              });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    ticker.advance(Duration.ofSeconds(1));

    Decision d = policy.evaluate(ticker.nanos(), 1);

    for (ClinicalPriority c : List.of(ClinicalPriority.STAT, ClinicalPriority.ROUTINE)) {
      assertThat(d.perClass().get(c).executed()).isEqualTo(THREADS / 2 * EACH * 99 / 100);
      assertThat(d.perClass().get(c).missed()).isEqualTo(THREADS / 2 * EACH / 100);
    }
    assertThat(d.utilisation()).isEqualTo(THREADS * EACH * 10 / 1e9);
  }
}
