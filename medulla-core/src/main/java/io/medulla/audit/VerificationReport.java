package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AuditVerifier} found: one summary per node.
 *
 * @param nodes the chains verified, by node id
 */
public record VerificationReport(List<VerificationReport.NodeSummary> nodes) {
  /**
   * One chain's verification.
   *
   * @param nodeId the node
   * @param firstSequence the first record kept (after pruning, the anchor checkpoint's plus one); 0
   *     without records
   * @param lastSequence the last record; 0 without records
   * @param records how many records were read
   * @param checkpoints how many checkpoints were read
   * @param lastCheckpointSequence the sequence the latest checkpoint signs; 0 without one
   * @param keyIds the ids of the keys that signed its checkpoints
   * @param problem the first problem found, or {@code null} when the chain is intact
   */
  public record NodeSummary(
      String nodeId,
      long firstSequence,
      long lastSequence,
      long records,
      long checkpoints,
      long lastCheckpointSequence,
      List<String> keyIds,
      @Nullable AuditProblem problem) {
    /** Creates a summary. */
    public NodeSummary {
      requireNonNull(nodeId, "nodeId");
      keyIds = List.copyOf(keyIds);
    }

    /**
     * Returns how many records at the end no checkpoint signs yet: they could be cut off unnoticed.
     */
    public long unsignedRecords() {
      return records == 0
          ? 0
          : Math.max(0, lastSequence - Math.max(lastCheckpointSequence, firstSequence - 1));
    }
  }

  /** Creates a report. */
  public VerificationReport {
    nodes = List.copyOf(nodes);
  }

  /** Returns whether no chain has a problem. */
  public boolean intact() {
    return nodes.stream().allMatch(n -> n.problem() == null);
  }

  /** Returns every chain's first problem. */
  public List<AuditProblem> problems() {
    return nodes.stream().map(NodeSummary::problem).filter(Objects::nonNull).toList();
  }

  /** Returns the first problem of the first chain (by node id) that has one. */
  public Optional<AuditProblem> firstProblem() {
    return problems().stream().findFirst();
  }
}
