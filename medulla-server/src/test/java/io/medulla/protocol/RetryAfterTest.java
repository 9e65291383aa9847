package io.medulla.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  @Test
  void roundsUpToWholeSecondsAndNeverSaysZero() {
    assertThat(RetryAfter.seconds(Duration.ZERO)).isEqualTo(1);
    assertThat(RetryAfter.seconds(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(RetryAfter.seconds(Duration.ofSeconds(1))).isEqualTo(1);
    assertThat(RetryAfter.seconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(RetryAfter.seconds(Duration.ofSeconds(90))).isEqualTo(90);
  }
}
