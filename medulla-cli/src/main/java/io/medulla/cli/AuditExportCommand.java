package io.medulla.cli;

import io.medulla.audit.AuditAction;
import io.medulla.audit.AuditEvent;
import io.medulla.audit.AuditFormats;
import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditQuery;
import io.medulla.audit.AuditStore;
import io.medulla.audit.jdbc.AuditStores;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medulla audit export}: writes one tenant's records in a time range as JSON Lines or CSV.
 * The export is itself recorded (on the tools' own chain) before anything is written out.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Exports one tenant's audit records in [--from, --to) as JSON Lines or CSV.")
final class AuditExportCommand implements Callable<Integer> {
  /** The export formats. */
  enum Format {
    JSONL,
    CSV
  }

  @SuppressWarnings("NullAway.Init") // picocli injects it before call()
  @Spec
  CommandSpec spec;

  @Option(names = "--store", required = true, description = "The audit store's JDBC URL.")
  String store = "";

  @Option(names = "--tenant", required = true, description = "The tenant whose records to export.")
  String tenant = "";

  @Option(names = "--from", required = true, description = "From (inclusive): ISO date or instant.")
  String from = "";

  @Option(names = "--to", required = true, description = "To (exclusive): ISO date or instant.")
  String to = "";

  @Option(names = "--format", description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
  Format format = Format.JSONL;

  @Option(names = "--output", description = "Where to write (default: standard output).")
  @Nullable Path output;

  @Option(
      names = "--node-id",
      description = "The chain that records this export (default: ${DEFAULT-VALUE}).")
  String nodeId = AuditCliSupport.DEFAULT_NODE_ID;

  @Option(names = "--signing-key", description = "PEM key to sign this tool's own chain with.")
  @Nullable Path signingKey;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      Instant start = AuditCliSupport.instant(from);
      Instant end = AuditCliSupport.instant(to);
      AuditQuery query = AuditQuery.tenant(tenant, start, end);
      try (AuditStore s = AuditStores.open(store)) {
        AuditLog log = AuditCliSupport.log(s, nodeId, signingKey);
        log.append(
                AuditEvent.admin(AuditAction.AUDIT_EXPORT, AuditCliSupport.principal(), tenant)
                    .note("format=" + format + " from=" + start + " to=" + end)
                    .build())
            .join();
        long n = export(s, query);
        log.shutdown().join();
        err.println("medulla audit export: " + n + " records");
      }
      err.flush();
      return 0;
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
      err.println("medulla audit export: " + cause.getMessage());
      err.flush();
      return AuditCliSupport.UNUSABLE;
    }
  }

  private long export(AuditStore s, AuditQuery query) {
    long[] count = {0};
    try (Writer w = writer()) {
      if (format == Format.CSV) {
        w.write(AuditFormats.csvHeader());
        w.write('\n');
      }
      s.query(
          query,
          r -> {
            try {
              w.write(format == Format.CSV ? AuditFormats.csvLine(r) : AuditFormats.jsonLine(r));
              w.write('\n');
              count[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException("cannot write the export", e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export", e);
    }
    return count[0];
  }

  private Writer writer() throws IOException {
    Path file = output;
    if (file == null) {
      // Standard output stays open: picocli's writer, not closed with the export.
      PrintWriter out = spec.commandLine().getOut();
      return new Writer() {
        @Override
        public void write(char[] buf, int off, int len) {
          out.write(buf, off, len);
        }

        @Override
        public void flush() {
          out.flush();
        }

        @Override
        public void close() {
          out.flush();
        }
      };
    }
    return new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8));
  }
}
