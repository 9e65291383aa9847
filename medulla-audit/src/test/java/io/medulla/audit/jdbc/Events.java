package io.medulla.audit.jdbc;

import io.medulla.audit.AuditAction;
import io.medulla.audit.AuditEvent;
import io.medulla.inference.StatusCode;
import java.time.Instant;

/** Events for the store tests. */
final class Events {
  static final Instant T0 = Instant.parse("2026-03-04T05:06:07.654321Z");

  private Events() {}

  /** Returns an event numbered {@code i} with every field set, some to awkward values. */
  static AuditEvent event(int i) {
    AuditEvent.Builder b =
        AuditEvent.builder(AuditAction.INFER)
            .tenant("tenant-" + (i % 2))
            .principal("principal-" + (i % 3))
            .role("gateway,inference")
            .clientAddress("2001:db8::" + i)
            .requestId("req-" + i)
            .model(i % 2 == 0 ? "chest-xray" : "ecg")
            .version("3")
            .modelSha256("cd".repeat(32))
            .priority(i % 4)
            .timings(i, 2L * i, 3L * i + 1_000_000_000_000L)
            .batch("b" + i, i % 3 == 0)
            .inputDigest("aa".repeat(32))
            .outputDigest("bb".repeat(32));
    if (i % 5 == 0) {
      b.failure(StatusCode.DEADLINE_EXCEEDED, "deadline passed — \"retry\" later, ünïcode")
          .breakGlass("trauma bay 2: attending unavailable")
          .timings(-1, -1, 7);
    }
    return b.build();
  }
}
