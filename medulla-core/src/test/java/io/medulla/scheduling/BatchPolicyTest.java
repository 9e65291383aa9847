package io.medulla.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPolicyTest {
  @Test
  void clinicalDefaultsHaveFourLevelsWithRoutineAsDefault() {
    BatchPolicy p = BatchPolicy.clinicalDefaults(8, List.of(8, 4), Duration.ofMillis(1));
    assertThat(p.priorityLevels()).isEqualTo(4);
    assertThat(p.defaultPriorityLevel()).isEqualTo(ClinicalPriority.ROUTINE.level());
    assertThat(p.preferredBatchSizes()).containsExactly(4, 8);
    assertThat(p.isFifo()).isFalse();
    assertThat(p.sharedBatches()).isFalse();
    assertThat(p.deadlineAwareAdmission()).isTrue();
    assertThat(p.mergesRequests()).isTrue();
  }

  @Test
  void requestedLevelOutOfRangeFallsBackToTheDefault() {
    BatchPolicy p = BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO);
    assertThat(p.effectiveLevel(1)).isEqualTo(1);
    assertThat(p.effectiveLevel(0)).isEqualTo(3);
    assertThat(p.effectiveLevel(9)).isEqualTo(3);
    assertThat(BatchPolicy.fifo(0, List.of(), Duration.ZERO).effectiveLevel(1)).isZero();
  }

  @Test
  void fifoTurnsOffLevelsAndDeadlineAwareAdmission() {
    BatchPolicy p = BatchPolicy.fifo(4, List.of(), Duration.ZERO);
    assertThat(p.isFifo()).isTrue();
    assertThat(p.defaultPriorityLevel()).isZero();
    assertThat(p.deadlineAwareAdmission()).isFalse();
  }

  @Test
  void levelPoliciesFallBackToTheDefault() {
    LevelPolicy strict =
        new LevelPolicy(LevelPolicy.TimeoutAction.DELAY, Duration.ofMillis(1), true, 3);
    BatchPolicy p = BatchPolicy.builder().levelPolicies(Map.of(1, strict)).build();
    assertThat(p.levelPolicy(1)).isEqualTo(strict);
    assertThat(p.levelPolicy(2)).isEqualTo(LevelPolicy.defaults());
  }

  @Test
  void invalidSettingsAreRejectedWithTheFieldName() {
    assertThatThrownBy(() -> BatchPolicy.clinicalDefaults(4, List.of(5), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preferredBatchSizes: 5");
    assertThatThrownBy(() -> BatchPolicy.builder().priorityLevels(2, 3).build())
        .hasMessageContaining("defaultPriorityLevel: 3");
    assertThatThrownBy(
            () -> BatchPolicy.builder().levelPolicies(Map.of(7, LevelPolicy.defaults())).build())
        .hasMessageContaining("levelPolicies: level 7");
    assertThatThrownBy(() -> BatchPolicy.builder().maxQueueDelay(Duration.ofMillis(-1)).build())
        .hasMessageContaining("maxQueueDelay");
  }
}
