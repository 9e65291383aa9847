package io.medulla.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.InvalidInputException;
import io.medulla.inference.TenantId;
import org.junit.jupiter.api.Test;

class TenantHeaderTest {
  @Test
  void untrustedHeaderIsIgnoredWhateverItSays() {
    assertThat(TenantHeader.tenant(false, "st-marys")).isEqualTo(TenantId.DEFAULT);
    assertThat(TenantHeader.tenant(false, "../../etc")).isEqualTo(TenantId.DEFAULT);
  }

  @Test
  void trustedHeaderNamesTheTenantOrDefaultsWhenAbsent() {
    assertThat(TenantHeader.tenant(true, "St_Marys.2-a")).isEqualTo(new TenantId("St_Marys.2-a"));
    assertThat(TenantHeader.tenant(true, null)).isEqualTo(TenantId.DEFAULT);
  }

  @Test
  void onlyShortSafeIdsAreWellFormed() {
    assertThat(TenantHeader.isWellFormed("x".repeat(64))).isTrue();
    assertThat(TenantHeader.isWellFormed("x".repeat(65))).isFalse();
    assertThat(TenantHeader.isWellFormed("")).isFalse();
    assertThat(TenantHeader.isWellFormed("a b")).isFalse();
    assertThat(TenantHeader.isWellFormed("a/b")).isFalse();
    assertThat(TenantHeader.isWellFormed("ä")).isFalse();
  }

  @Test
  void malformedTrustedHeaderIsInvalidInputNamingTheHeader() {
    assertThatThrownBy(() -> TenantHeader.tenant(true, "a b"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("x-medulla-tenant: ");
  }
}
