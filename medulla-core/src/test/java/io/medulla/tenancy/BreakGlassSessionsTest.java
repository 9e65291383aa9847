package io.medulla.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.PermissionDeniedException;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.time.WallClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BreakGlassSessionsTest {
  private static final Instant T0 = Instant.parse("2025-03-01T02:00:00Z");
  private static final TenantId CLINIC = new TenantId("clinic");

  /** A wall clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final HandClock clock = new HandClock();
  private final BreakGlassSessions sessions =
      new BreakGlassSessions(WallClock.of(clock), Duration.ofMinutes(30));

  private static Principal principal(String id, boolean provisioned) {
    return new Principal(id, CLINIC, Set.of(Role.INFERENCE), Set.of(), provisioned, AuthMethod.JWT);
  }

  @Test
  void aProvisionedPrincipalGetsASessionForTheTimeItAsked() {
    Principal dr = principal("dr-who", true);

    BreakGlass s = sessions.invoke(dr, "PACS down, stroke patient", Duration.ofMinutes(10));

    assertThat(s.reason()).isEqualTo("PACS down, stroke patient");
    assertThat(s.started()).isEqualTo(T0);
    assertThat(s.expires()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(sessions.active(dr)).contains(s);
  }

  @Test
  void aLongerRequestIsCutToTheMaximum() {
    BreakGlass s = sessions.invoke(principal("dr", true), "outage", Duration.ofHours(8));

    assertThat(s.expires()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
  }

  @Test
  void theSessionEndsWhenItExpires() {
    Principal dr = principal("dr", true);
    sessions.invoke(dr, "outage", Duration.ofMinutes(10));

    clock.advance(Duration.ofMinutes(10).minusNanos(1));
    assertThat(sessions.active(dr)).isPresent();
    clock.advance(Duration.ofNanos(1));
    assertThat(sessions.active(dr)).isEmpty();
    clock.advance(Duration.ofMinutes(-5));
    assertThat(sessions.active(dr)).as("an expired session is forgotten, not revived").isEmpty();
  }

  @Test
  void aPrincipalNotProvisionedIsRefusedWith403() {
    assertThatThrownBy(() -> sessions.invoke(principal("nurse", false), "x", Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(
            PermissionDeniedException.class,
            e -> assertThat(e.status()).isEqualTo(StatusCode.PERMISSION_DENIED))
        .hasMessageContaining("not provisioned for break-glass");
    assertThat(sessions.active(principal("nurse", false))).isEmpty();
  }

  @Test
  void sessionsArePerPrincipalAndTenant() {
    Principal a = principal("a", true);
    Principal sameIdOtherTenant =
        new Principal(
            "a", new TenantId("other"), Set.of(Role.INFERENCE), Set.of(), true, AuthMethod.JWT);
    sessions.invoke(a, "outage", Duration.ofMinutes(5));

    assertThat(sessions.active(a)).isPresent();
    assertThat(sessions.active(principal("b", true))).isEmpty();
    assertThat(sessions.active(sameIdOtherTenant)).isEmpty();
    assertThat(sessions.active(a.withMethod(AuthMethod.API_KEY)))
        .as("however the principal proved itself")
        .isPresent();
  }

  @Test
  void invokingAgainReplacesTheSession() {
    Principal dr = principal("dr", true);
    sessions.invoke(dr, "first", Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(4));

    BreakGlass second = sessions.invoke(dr, "second", Duration.ofMinutes(5));

    assertThat(sessions.active(dr)).contains(second);
    assertThat(second.started()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
  }

  @Test
  void aSessionCanBeEndedEarly() {
    Principal dr = principal("dr", true);
    sessions.invoke(dr, "outage", Duration.ofMinutes(5));

    assertThat(sessions.end(dr)).isTrue();
    assertThat(sessions.active(dr)).isEmpty();
    assertThat(sessions.end(dr)).isFalse();
  }

  @Test
  void badReasonsAndDurationsAreRefused() {
    Principal dr = principal("dr", true);

    assertThatThrownBy(() -> sessions.invoke(dr, " ", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sessions.invoke(dr, "x".repeat(201), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sessions.invoke(dr, "outage", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BreakGlassSessions(WallClock.of(clock), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(sessions.active(dr)).isEmpty();
  }

  @Test
  void theDefaultMaximumIsAnHour() {
    assertThat(BreakGlassSessions.DEFAULT_MAX).isEqualTo(Duration.ofMinutes(60));
  }
}
