package io.medulla.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryBudgetTest {
  @Test
  void aDeviceWithoutABudgetHasNoLimit() {
    MemoryBudget budget = MemoryBudget.of("host", 1_000);

    assertThat(budget.limit("host")).isEqualTo(1_000);
    assertThat(budget.isLimited("host")).isTrue();
    assertThat(budget.limit("gpu0")).isEqualTo(Long.MAX_VALUE);
    assertThat(budget.isLimited("gpu0")).isFalse();
    assertThat(MemoryBudget.unlimited().limit("host")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void withAddsOrReplacesADeviceAndKeepsDevicesSorted() {
    MemoryBudget budget =
        MemoryBudget.of("host", 1_000).with("gpu1", 300).with("gpu0", 200).with("host", 2_000);

    assertThat(budget.bytesByDevice().keySet()).containsExactly("gpu0", "gpu1", "host");
    assertThat(budget.limit("host")).isEqualTo(2_000);
    assertThat(budget)
        .isEqualTo(new MemoryBudget(Map.of("gpu0", 200L, "gpu1", 300L, "host", 2_000L)));
    assertThatThrownBy(() -> budget.bytesByDevice().put("gpu2", 1L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "cpu", "gpu", "GPU0", "gpu01", "gpu-1", "host "})
  void rejectsUnknownDeviceNames(String device) {
    assertThatThrownBy(() -> MemoryBudget.of(device, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: host, gpu0, gpu1, ...");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void rejectsBudgetsThatAreNotPositive(long bytes) {
    assertThatThrownBy(() -> MemoryBudget.of("gpu0", bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory budget of gpu0: " + bytes + " bytes (expected: > 0)");
  }

  @Test
  void bytesAreWrittenForPeople() {
    assertThat(Bytes.format(0)).isEqualTo("0 B");
    assertThat(Bytes.format(1023)).isEqualTo("1023 B");
    assertThat(Bytes.format(1536)).isEqualTo("1.5 KiB");
    assertThat(Bytes.format(3L << 30)).isEqualTo("3.0 GiB");
    assertThat(Bytes.format(-5)).isEqualTo("0 B");
  }
}
