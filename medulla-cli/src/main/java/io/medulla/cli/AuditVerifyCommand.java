package io.medulla.cli;

import io.medulla.audit.AuditStore;
import io.medulla.audit.AuditVerifier;
import io.medulla.audit.CheckpointSigner;
import io.medulla.audit.VerificationReport;
import io.medulla.audit.jdbc.AuditStores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medulla audit verify}: checks every chain in a store; exit 0 when intact, 1 naming the
 * first bad record of each broken chain, 2 when the store cannot be read.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the audit trail: record hashes, chain links, sequence gaps, checkpoint signatures"
          + " and truncation. Exit 0 when intact, 1 when not (the first bad record is named),"
          + " 2 when the store cannot be read."
    })
final class AuditVerifyCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // picocli injects it before call()
  @Spec
  CommandSpec spec;

  @Option(
      names = "--store",
      required = true,
      description = "The audit store: jdbc:sqlite:<file> or jdbc:postgresql://host:port/db?...")
  String store = "";

  @Option(
      names = "--public-key",
      description = "PEM public key every checkpoint must be signed by (recommended).")
  @Nullable Path publicKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PublicKey pinned = null;
    VerificationReport report;
    try {
      if (publicKey != null) {
        pinned = CheckpointSigner.readPublicKey(publicKey);
      }
      try (AuditStore s = AuditStores.open(store)) {
        report = new AuditVerifier(s, pinned).verify();
      }
    } catch (RuntimeException e) {
      err.println("medulla audit verify: " + e.getMessage());
      err.flush();
      return AuditCliSupport.UNUSABLE;
    }
    if (pinned == null) {
      err.println(
          "medulla audit verify: no --public-key given: checkpoints are checked against the keys"
              + " they name");
    }
    for (VerificationReport.NodeSummary n : report.nodes()) {
      out.printf(
          "%s: %d records (%d..%d), %d checkpoints, signed through %d, keys %s: %s%n",
          n.nodeId(),
          n.records(),
          n.firstSequence(),
          n.lastSequence(),
          n.checkpoints(),
          n.lastCheckpointSequence(),
          n.keyIds(),
          n.problem() == null ? "intact" : "BROKEN");
      if (n.problem() == null && n.unsignedRecords() > 0) {
        out.printf(
            "  %d records after the last checkpoint are not signed yet%n", n.unsignedRecords());
      }
    }
    report
        .problems()
        .forEach(
            p -> out.printf("FIRST BAD RECORD %s: %s: %s%n", p.label(), p.kind(), p.message()));
    out.println(report.intact() ? "audit trail intact" : "audit trail NOT intact");
    out.flush();
    err.flush();
    return report.intact() ? 0 : 1;
  }
}
