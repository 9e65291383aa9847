package io.medulla.audit;

import static io.medulla.audit.AuditFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditFormatsTest {
  private final AuditRecord record =
      AuditRecord.sealed(
          "node-a",
          3,
          T0,
          AuditEvent.builder(AuditAction.AUTHENTICATION_FAILURE)
              .principal("=HYPERLINK(\"x\")")
              .note("line one\nsaid \"no\", twice\u0001")
              .build(),
          ChainHead.GENESIS_HASH);

  @Test
  void jsonLinesHoldEveryFieldExactlyOnOneLine() {
    String line = AuditFormats.jsonLine(record);

    assertThat(line).doesNotContain("\n");
    assertThat(line)
        .startsWith(
            "{\"time\":\"2026-01-02T03:04:05.123456Z\",\"node_id\":\"node-a\",\"sequence\":3,")
        .contains("\"principal\":\"=HYPERLINK(\\\"x\\\")\"")
        .contains("\"reason\":\"line one\\nsaid \\\"no\\\", twice\\u0001\"")
        .contains("\"queue_nanos\":-1")
        .contains("\"break_glass\":false")
        .endsWith("\"hash\":\"" + record.hash() + "\"}");
  }

  @Test
  void csvQuotesWhatItMustAndDisarmsFormulas() {
    String line = AuditFormats.csvLine(record);

    assertThat(AuditFormats.csvHeader()).startsWith("time,node_id,sequence,action,tenant,");
    assertThat(line).contains(",\"'=HYPERLINK(\"\"x\"\")\",");
    assertThat(line).contains("\"line one\nsaid \"\"no\"\", twice\u0001\"");
    assertThat(line).contains(",-1,-1,-1,");
  }
}
