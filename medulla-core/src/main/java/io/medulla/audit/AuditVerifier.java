package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Checks what a store holds, offline: each record's hash against its fields, each link to the
 * record before, sequence numbers without gaps, each checkpoint's signature (against a pinned
 * public key when given, else the key it names) and that the records each checkpoint signed are
 * still there, unchanged. Reports, per node, the first bad record.
 *
 * <p>What it cannot see: records appended after a node's last checkpoint can be cut off unnoticed
 * (the report says how many there are), and without a pinned key, someone able to rewrite the whole
 * store could re-sign it with a key of their own.
 */
public final class AuditVerifier {
  private static final int PAGE = 10_000;

  private final AuditStore store;
  private final @Nullable PublicKey pinnedKey;

  /**
   * Creates a verifier.
   *
   * @param pinnedKey the key every checkpoint must be signed by, or {@code null} to trust the key
   *     each checkpoint names
   */
  public AuditVerifier(AuditStore store, @Nullable PublicKey pinnedKey) {
    this.store = requireNonNull(store, "store");
    this.pinnedKey = pinnedKey;
  }

  /** Verifies every node's chain. */
  public VerificationReport verify() {
    List<VerificationReport.NodeSummary> out = new ArrayList<>();
    for (String node : store.nodes()) {
      out.add(verify(node));
    }
    return new VerificationReport(out);
  }

  /** Verifies one node's chain. */
  public VerificationReport.NodeSummary verify(String nodeId) {
    return new NodeCheck(nodeId).run();
  }

  /** The walk over one chain; stops at the first problem. */
  private final class NodeCheck {
    private final String node;
    private final TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
    private final TreeSet<String> keyIds = new TreeSet<>();
    private long first;
    private long last;
    private long count;
    private @Nullable AuditProblem problem;

    NodeCheck(String node) {
      this.node = node;
      for (Checkpoint cp : store.checkpoints(node)) {
        checkpoints.put(cp.sequence(), cp);
        keyIds.add(cp.keyId());
      }
    }

    VerificationReport.NodeSummary run() {
      walk();
      Map.Entry<Long, Checkpoint> latest = checkpoints.lastEntry();
      return new VerificationReport.NodeSummary(
          node,
          first,
          last,
          count,
          checkpoints.size(),
          latest == null ? 0 : latest.getKey(),
          List.copyOf(keyIds),
          problem);
    }

    private void walk() {
      String prevHash = null;
      long expected = 0;
      long from = 1;
      while (true) {
        List<AuditRecord> page = store.records(node, from, PAGE);
        for (AuditRecord r : page) {
          if (prevHash == null) {
            first = r.sequence();
            if (!startIsAnchored(r)) {
              return;
            }
          } else if (r.sequence() != expected) {
            fail(
                expected,
                AuditProblem.Kind.MISSING_RECORDS,
                "records " + label(expected) + " to " + label(r.sequence() - 1) + " are missing");
            return;
          }
          if (!r.hasValidHash()) {
            fail(
                r.sequence(),
                AuditProblem.Kind.RECORD_ALTERED,
                "record "
                    + r.label()
                    + " does not match its hash: a field was changed,"
                    + " or the record was moved");
            return;
          }
          if (prevHash != null && !prevHash.equals(r.prevHash())) {
            fail(
                r.sequence() - 1,
                AuditProblem.Kind.BROKEN_LINK,
                "record "
                    + r.label()
                    + " does not link to record "
                    + label(r.sequence() - 1)
                    + ": one of them was rewritten, or records were reordered");
            return;
          }
          Checkpoint cp = checkpoints.get(r.sequence());
          if (cp != null && (!signatureOk(cp) || !matches(cp, r))) {
            return;
          }
          prevHash = r.hash();
          expected = r.sequence() + 1;
          last = r.sequence();
          count++;
        }
        if (page.size() < PAGE) {
          break;
        }
        from = page.get(page.size() - 1).sequence() + 1;
      }
      checkTail();
    }

    private boolean startIsAnchored(AuditRecord r) {
      if (r.sequence() == 1) {
        if (!r.prevHash().equals(ChainHead.GENESIS_HASH)) {
          fail(
              1,
              AuditProblem.Kind.BROKEN_LINK,
              "record " + r.label() + " is the first but does not start from the genesis hash");
          return false;
        }
        return true;
      }
      Checkpoint anchor = checkpoints.get(r.sequence() - 1);
      if (anchor == null) {
        fail(
            1,
            AuditProblem.Kind.UNANCHORED_START,
            "records "
                + label(1)
                + " to "
                + label(r.sequence() - 1)
                + " are missing and no checkpoint anchors "
                + r.label());
        return false;
      }
      if (!signatureOk(anchor)) {
        return false;
      }
      if (!anchor.headHash().equals(r.prevHash())) {
        fail(
            r.sequence(),
            AuditProblem.Kind.BROKEN_LINK,
            "record "
                + r.label()
                + " does not link to the checkpoint at "
                + label(anchor.sequence()));
        return false;
      }
      return true;
    }

    private boolean matches(Checkpoint cp, AuditRecord r) {
      if (cp.headHash().equals(r.hash())) {
        return true;
      }
      Long before = checkpoints.lowerKey(cp.sequence());
      long from = before == null ? Math.max(1, first) : before + 1;
      fail(
          from,
          AuditProblem.Kind.CHECKPOINT_MISMATCH,
          "record "
              + r.label()
              + " is not the record the checkpoint at "
              + r.label()
              + " signed: records "
              + label(from)
              + " to "
              + r.label()
              + " were rewritten");
      return false;
    }

    private void checkTail() {
      Map.Entry<Long, Checkpoint> latest = checkpoints.lastEntry();
      long end = count == 0 ? Math.max(0, first - 1) : last;
      if (latest == null || latest.getKey() <= end) {
        return;
      }
      Checkpoint cp = latest.getValue();
      if (count == 0 && checkpoints.size() == 1) {
        // Everything up to the only checkpoint was pruned: it is the anchor of an empty chain.
        signatureOk(cp);
        return;
      }
      if (signatureOk(cp)) {
        fail(
            end + 1,
            AuditProblem.Kind.TRUNCATED,
            "records "
                + label(end + 1)
                + " to "
                + label(cp.sequence())
                + " are missing: the checkpoint at "
                + label(cp.sequence())
                + " signed them");
      }
    }

    private boolean signatureOk(Checkpoint cp) {
      PublicKey pinned = pinnedKey;
      if (pinned != null && !cp.isSignedBy(pinned)) {
        boolean foreign = cp.hasValidSignature();
        fail(
            cp.sequence(),
            foreign ? AuditProblem.Kind.UNTRUSTED_KEY : AuditProblem.Kind.BAD_SIGNATURE,
            "the checkpoint at "
                + label(cp.sequence())
                + (foreign
                    ? " was signed by key " + cp.keyId() + ", not the pinned key"
                    : " has a signature that does not verify"));
        return false;
      }
      if (pinned == null && !cp.hasValidSignature()) {
        fail(
            cp.sequence(),
            AuditProblem.Kind.BAD_SIGNATURE,
            "the checkpoint at " + label(cp.sequence()) + " has a signature that does not verify");
        return false;
      }
      if (!cp.nodeId().equals(node)) {
        fail(
            cp.sequence(),
            AuditProblem.Kind.BAD_SIGNATURE,
            "the checkpoint at " + label(cp.sequence()) + " signs another node's chain");
        return false;
      }
      return true;
    }

    private void fail(long sequence, AuditProblem.Kind kind, String message) {
      if (problem == null) {
        problem = new AuditProblem(node, sequence, kind, message);
      }
    }

    private String label(long sequence) {
      return node + "/" + sequence;
    }
  }
}
