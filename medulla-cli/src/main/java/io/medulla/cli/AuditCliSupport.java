package io.medulla.cli;

import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditStore;
import io.medulla.audit.CheckpointSigner;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** What the audit commands share: who runs them, their own chain, and date parsing. */
final class AuditCliSupport {
  /** The node id of the audit tools' own chain, where their exports and prunings are recorded. */
  static final String DEFAULT_NODE_ID = "medulla-cli";

  /** The exit status when the trail could not be read or written at all. */
  static final int UNUSABLE = 2;

  private AuditCliSupport() {}

  /** Returns who runs the tool, as its records name the principal. */
  static String principal() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }

  /** Returns a log on the tools' own chain, writing on the calling thread. */
  static AuditLog log(AuditStore store, String nodeId, @Nullable Path signingKey) {
    AuditLog.Builder b = AuditLog.builder(store, Runnable::run, nodeId).checkpointEvery(1);
    if (signingKey != null) {
      b.signer(CheckpointSigner.fromPem(signingKey));
    }
    return b.build();
  }

  /** Returns the instant an ISO-8601 instant or date (midnight UTC) names. */
  static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "'"
                + value
                + "' is not an ISO-8601 instant or date (2026-01-31 or 2026-01-31T00:00:00Z)");
      }
    }
  }
}
