package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.scheduling.ClinicalPriority;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueDelayBudgetsTest {
  private static final Map<String, ClassSlo> OBJECTIVES =
      Map.of(
          "stat", ClassSlo.p99(Duration.ofMillis(250)),
          "urgent", ClassSlo.p99(Duration.ofMillis(500)),
          "routine", ClassSlo.p99(Duration.ofSeconds(2)));

  @Test
  void eachClassKeepsWhatItsObjectiveLeavesAfterTheExecution() {
    assertThat(QueueDelayBudgets.of(OBJECTIVES, Duration.ofMillis(100)))
        .containsOnly(
            Map.entry(ClinicalPriority.STAT, Duration.ofMillis(150)),
            Map.entry(ClinicalPriority.URGENT, Duration.ofMillis(400)),
            Map.entry(ClinicalPriority.ROUTINE, Duration.ofMillis(1900)));
  }

  @Test
  void queuesInSeriesShareIt() {
    assertThat(QueueDelayBudgets.of(OBJECTIVES, Duration.ofMillis(100), 2))
        .containsEntry(ClinicalPriority.STAT, Duration.ofMillis(75))
        .containsEntry(ClinicalPriority.ROUTINE, Duration.ofMillis(950));
  }

  @Test
  void anObjectiveTheExecutionUsesUpStillLeavesATenth() {
    assertThat(QueueDelayBudgets.of(OBJECTIVES, Duration.ofMillis(300)))
        .containsEntry(ClinicalPriority.STAT, Duration.ofMillis(25))
        .containsEntry(ClinicalPriority.URGENT, Duration.ofMillis(200));
  }

  @Test
  void levelNamesAreReadAsClassesAndTheTightestWins() {
    Map<String, ClassSlo> objectives =
        Map.of(
            "1", ClassSlo.p99(Duration.ofMillis(300)),
            "stat", ClassSlo.p99(Duration.ofMillis(250)),
            "7", ClassSlo.p99(Duration.ofSeconds(10)));

    assertThat(QueueDelayBudgets.of(objectives, Duration.ofMillis(50)))
        .containsOnly(
            Map.entry(ClinicalPriority.STAT, Duration.ofMillis(200)),
            Map.entry(ClinicalPriority.BULK, Duration.ofMillis(9950)));
  }

  @Test
  void refusesNoQueues() {
    assertThatThrownBy(() -> QueueDelayBudgets.of(OBJECTIVES, Duration.ZERO, 0))
        .hasMessageContaining("queues");
  }
}
