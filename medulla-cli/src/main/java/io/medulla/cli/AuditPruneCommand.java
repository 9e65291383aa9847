package io.medulla.cli;

import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditStore;
import io.medulla.audit.Retention;
import io.medulla.audit.jdbc.AuditStores;
import io.medulla.time.WallClock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medulla audit prune}: deletes records older than a number of days, in whole segments
 * ending at a checkpoint, recording each pruning first.
 */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description =
        "Deletes audit records older than --older-than days, in whole segments ending at a"
            + " checkpoint (the chain still verifies); each pruning is itself recorded.")
final class AuditPruneCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // picocli injects it before call()
  @Spec
  CommandSpec spec;

  @Option(names = "--store", required = true, description = "The audit store's JDBC URL.")
  String store = "";

  @Option(
      names = "--older-than",
      description = "Days to keep (default: ${DEFAULT-VALUE}, six years).")
  long olderThanDays = Retention.DEFAULT_PERIOD.toDays();

  @Option(
      names = "--node-id",
      description = "The chain that records the pruning (default: ${DEFAULT-VALUE}).")
  String nodeId = AuditCliSupport.DEFAULT_NODE_ID;

  @Option(names = "--signing-key", description = "PEM key to sign this tool's own chain with.")
  @Nullable Path signingKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (olderThanDays < 1) {
      err.println("medulla audit prune: --older-than: " + olderThanDays + " (expected: >= 1)");
      err.flush();
      return AuditCliSupport.UNUSABLE;
    }
    try (AuditStore s = AuditStores.open(store)) {
      AuditLog log = AuditCliSupport.log(s, nodeId, signingKey);
      List<Retention.Pruned> pruned =
          new Retention(
                  s,
                  log,
                  WallClock.system(),
                  Duration.ofDays(olderThanDays),
                  AuditCliSupport.principal())
              .pruneExpired();
      log.shutdown().join();
      for (Retention.Pruned p : pruned) {
        out.printf(
            "%s: pruned %d records through %d%n", p.nodeId(), p.records(), p.throughSequence());
      }
      out.println(pruned.isEmpty() ? "nothing to prune" : "pruned " + pruned.size() + " chains");
      out.flush();
      return 0;
    } catch (RuntimeException e) {
      err.println("medulla audit prune: " + e.getMessage());
      err.flush();
      return AuditCliSupport.UNUSABLE;
    }
  }
}
