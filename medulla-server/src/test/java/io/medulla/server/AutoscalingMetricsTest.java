package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.autoscaling.Outcome;
import io.medulla.autoscaling.ScalingPolicy;
import io.medulla.autoscaling.ScalingSettings;
import io.medulla.observability.AutoscalingMetrics;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutoscalingMetricsTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ScalingPolicy policy = new ScalingPolicy(ScalingSettings.defaults(), ticker);

  private String scrape() {
    StringBuilder out = new StringBuilder();
    new AutoscalingMetrics(policy, 2).scrape(out);
    return out.toString();
  }

  @Test
  void gaugesShowTheLatestDecisionPerClassWithNaNAndInfWhereTheyApply() {
    for (int i = 0; i < 100; i++) {
      policy.observe(ClinicalPriority.STAT, Duration.ofMillis(150).toNanos(), Outcome.EXECUTED);
      policy.observe(ClinicalPriority.URGENT, 0, Outcome.REJECTED);
    }
    ticker.advance(Duration.ofSeconds(15));
    policy.evaluate(2);

    assertThat(scrape())
        .contains("# TYPE medulla_autoscaling_desired_replicas gauge\n")
        .contains("\nmedulla_autoscaling_desired_replicas 8\n")
        .contains("\nmedulla_autoscaling_current_replicas 2\n")
        .contains("\nmedulla_autoscaling_ratio 4.0\n")
        .contains("\nmedulla_autoscaling_queue_delay_p95_seconds{class=\"stat\"} 0.15\n")
        .contains("\nmedulla_autoscaling_queue_delay_p95_seconds{class=\"urgent\"} +Inf\n")
        .contains("\nmedulla_autoscaling_queue_delay_p95_seconds{class=\"routine\"} NaN\n")
        .contains("\nmedulla_autoscaling_slo_seconds{class=\"stat\"} 0.05\n")
        .contains("\nmedulla_autoscaling_slo_seconds{class=\"routine\"} 2.0\n")
        .doesNotContain("class=\"bulk\"");
  }
}
