package io.medulla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovedVersionsTest {
  private static Map<String, String> approved(String value) {
    return Map.of(GuardedEngine.APPROVED_VERSIONS_PARAMETER, value);
  }

  @Test
  void versionsAreOrderedNumericallyHighestFirst() {
    assertThat(ApprovedVersions.parse(approved("9,10,2"))).containsExactly(10L, 9L, 2L);
  }

  @Test
  void entriesThatAreNotVersionsAreIgnored() {
    assertThat(ApprovedVersions.parse(approved(" 3 ,,x,-1,0,03,1e3,99999999999999999999")))
        .containsExactly(3L);
  }

  @Test
  void withoutTheParameterNothingIsApproved() {
    assertThat(ApprovedVersions.parse(Map.of())).isEmpty();
    assertThat(ApprovedVersions.parse(approved(""))).isEmpty();
  }
}
