package io.medulla.planning;

/**
 * Packs model instances into devices at the least cost.
 *
 * <p>Every packer is deterministic: the same problem gives the same solution. A model's rate is
 * split over equal instances before packing (see {@link PackingInput}); a packer chooses among the
 * candidate splits, places the instances, and reports every model it could not place.
 * Implementations are stateless and thread-safe.
 */
public interface Packer {
  /** Returns the packing of a problem. */
  PackingSolution pack(PackingProblem problem);

  /**
   * Returns the fast heuristic: best-fit decreasing with a look-ahead choice of device type and a
   * consolidation pass, over a few split strategies, type preferences and item orders, then from
   * the best packings a descent over each model's split and a pass that removes or downsizes
   * devices by rearranging instances. For hundreds of models.
   */
  static Packer heuristic() {
    return new HeuristicPacker();
  }

  /**
   * Returns the exact branch and bound with the default node budget ({@value
   * ExactPacker#DEFAULT_NODE_BUDGET} nodes). For up to about a dozen models.
   */
  static Packer exact() {
    return new ExactPacker(ExactPacker.DEFAULT_NODE_BUDGET);
  }

  /**
   * Returns the exact branch and bound with a node budget; past it, the best packing found so far
   * comes back with {@link PackingSolution#provenOptimal()} false.
   */
  static Packer exact(long nodeBudget) {
    return new ExactPacker(nodeBudget);
  }
}
