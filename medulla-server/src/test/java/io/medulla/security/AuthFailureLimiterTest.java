package io.medulla.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {
  private final ManualTicker ticker = new ManualTicker();
  private final AuthFailureLimiter limiter =
      new AuthFailureLimiter(ticker, 3, Duration.ofSeconds(6), 100);

  private void fail(String address, String hint, int times) {
    for (int i = 0; i < times; i++) {
      limiter.recordFailure(address, hint);
    }
  }

  @Test
  void addressIsBlockedAfterTheBurstAndToldWhenToRetry() {
    fail("10.0.0.1", "", 2);
    assertThat(limiter.allowAttempt("10.0.0.1", "")).isTrue();
    assertThat(limiter.retryAfterSeconds("10.0.0.1", "")).isZero();

    fail("10.0.0.1", "", 1);

    assertThat(limiter.allowAttempt("10.0.0.1", "")).isFalse();
    assertThat(limiter.retryAfterSeconds("10.0.0.1", "")).isEqualTo(6);
  }

  @Test
  void oneFailureIsForgivenPerRefillInterval() {
    fail("10.0.0.1", "", 3);

    ticker.advance(Duration.ofSeconds(5));
    assertThat(limiter.allowAttempt("10.0.0.1", "")).isFalse();
    assertThat(limiter.retryAfterSeconds("10.0.0.1", "")).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(limiter.allowAttempt("10.0.0.1", "")).isTrue();

    fail("10.0.0.1", "", 1);
    assertThat(limiter.allowAttempt("10.0.0.1", "")).as("only one was forgiven").isFalse();
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    fail("10.0.0.1", "", 3);

    ticker.advance(Duration.ofMillis(5_500));

    assertThat(limiter.retryAfterSeconds("10.0.0.1", "")).isEqualTo(1);
  }

  @Test
  void failuresBeyondTheBurstDoNotLengthenTheWait() {
    fail("10.0.0.1", "", 50);

    assertThat(limiter.retryAfterSeconds("10.0.0.1", "")).isEqualTo(6);
  }

  @Test
  void principalHintIsBlockedFromEveryAddress() {
    fail("10.0.0.1", "key-a", 1);
    fail("10.0.0.2", "key-a", 1);
    fail("10.0.0.3", "key-a", 1);

    assertThat(limiter.allowAttempt("10.0.0.4", "key-a")).isFalse();
    assertThat(limiter.allowAttempt("10.0.0.4", "key-b")).isTrue();
    assertThat(limiter.allowAttempt("10.0.0.4", "")).isTrue();
  }

  @Test
  void otherAddressesAreUnaffected() {
    fail("10.0.0.1", "", 3);

    assertThat(limiter.allowAttempt("10.0.0.2", "")).isTrue();
  }

  @Test
  void memoryIsBoundedByForgettingTheLeastRecentlyUsed() {
    AuthFailureLimiter small = new AuthFailureLimiter(ticker, 1, Duration.ofMinutes(1), 2);
    small.recordFailure("10.0.0.1", "");
    assertThat(small.allowAttempt("10.0.0.1", "")).isFalse();

    small.recordFailure("10.0.0.2", "");
    small.recordFailure("10.0.0.3", "");

    assertThat(small.allowAttempt("10.0.0.1", "")).as("forgotten").isTrue();
    assertThat(small.allowAttempt("10.0.0.3", "")).isFalse();
  }

  @Test
  void defaultsAreTenFailuresAndOneForgivenEverySixSeconds() {
    AuthFailureLimiter defaults = AuthFailureLimiter.withDefaults(ticker);
    for (int i = 0; i < 9; i++) {
      defaults.recordFailure("10.0.0.1", "");
    }
    assertThat(defaults.allowAttempt("10.0.0.1", "")).isTrue();

    defaults.recordFailure("10.0.0.1", "");

    assertThat(defaults.retryAfterSeconds("10.0.0.1", "")).isEqualTo(6);
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new AuthFailureLimiter(ticker, 0, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuthFailureLimiter(ticker, 1, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuthFailureLimiter(ticker, 1, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
