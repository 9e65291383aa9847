package io.medulla.audit;

import java.util.List;

/**
 * Writes records for export: one JSON object per line (JSON Lines), or CSV with a header. Both hold
 * every field, the hashes included, so an export can be checked against the chain. Times are
 * ISO-8601 UTC.
 *
 * <p>In CSV, a text value that a spreadsheet would run as a formula (starting with {@code = + - @}
 * or a tab or carriage return) is prefixed with {@code '}; JSON Lines keeps every value exact.
 */
public final class AuditFormats {
  /** The CSV columns and JSON keys, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "time",
          "node_id",
          "sequence",
          "action",
          "tenant",
          "principal",
          "role",
          "client_address",
          "break_glass",
          "break_glass_reason",
          "request_id",
          "model",
          "version",
          "model_sha256",
          "priority",
          "status",
          "reason",
          "queue_nanos",
          "compute_nanos",
          "total_nanos",
          "batch_id",
          "batch_shared",
          "input_digest",
          "output_digest",
          "prev_hash",
          "hash");

  private AuditFormats() {}

  /** Returns {@code r} as one JSON object, without a line break. */
  public static String jsonLine(AuditRecord r) {
    Object[] v = values(r);
    StringBuilder b = new StringBuilder(768).append('{');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"').append(COLUMNS.get(i)).append("\":");
      if (v[i] instanceof String s) {
        json(b, s);
      } else {
        b.append(v[i]);
      }
    }
    return b.append('}').toString();
  }

  /** Returns the CSV header line, without a line break. */
  public static String csvHeader() {
    return String.join(",", COLUMNS);
  }

  /** Returns {@code r} as one CSV line, without a line break. */
  public static String csvLine(AuditRecord r) {
    Object[] v = values(r);
    StringBuilder b = new StringBuilder(768);
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      if (v[i] instanceof String s) {
        csv(b, s);
      } else {
        b.append(v[i]);
      }
    }
    return b.toString();
  }

  private static Object[] values(AuditRecord r) {
    AuditEvent e = r.event();
    return new Object[] {
      r.time().toString(),
      r.nodeId(),
      r.sequence(),
      e.action(),
      e.tenant(),
      e.principal(),
      e.role(),
      e.clientAddress(),
      e.breakGlass(),
      e.breakGlassReason(),
      e.requestId(),
      e.model(),
      e.version(),
      e.modelSha256(),
      e.priority(),
      e.status(),
      e.reason(),
      e.queueNanos(),
      e.computeNanos(),
      e.totalNanos(),
      e.batchId(),
      e.batchShared(),
      e.inputDigest(),
      e.outputDigest(),
      r.prevHash(),
      r.hash()
    };
  }

  private static void json(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static void csv(StringBuilder b, String s) {
    String v = s;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    boolean quote =
        v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    if (quote) {
      b.append('"').append(v.replace("\"", "\"\"")).append('"');
    } else {
      b.append(v);
    }
  }
}
