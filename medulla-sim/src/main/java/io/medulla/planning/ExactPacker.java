package io.medulla.planning;

/**
 * The exact packer: a {@link BranchAndBound} over the same candidate splits and instances as the
 * heuristic, optimal when it finishes within its node budget.
 *
 * <p>Stateless and thread-safe; each call searches on its own state.
 */
final class ExactPacker implements Packer {
  /** The default number of search nodes: a few seconds at most. */
  static final long DEFAULT_NODE_BUDGET = 5_000_000;

  private final long nodeBudget;

  ExactPacker(long nodeBudget) {
    if (nodeBudget < 1) {
      throw new IllegalArgumentException("nodeBudget: " + nodeBudget + " (expected: >= 1)");
    }
    this.nodeBudget = nodeBudget;
  }

  @Override
  public PackingSolution pack(PackingProblem problem) {
    return new BranchAndBound(PackingInput.of(problem), nodeBudget).solve();
  }
}
