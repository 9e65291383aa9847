package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Ticker;

/**
 * The heuristic and the exact packer on one problem, side by side: benchmark goal G10 asks the
 * heuristic to cost within 5% of the exact packing, or at most one device more.
 *
 * @param models how many models the problem has
 * @param deviceTypes how many device types it offers
 * @param heuristicCost the heuristic packing's cost
 * @param exactCost the exact packing's cost
 * @param heuristicUnplaced how many models the heuristic left out
 * @param exactUnplaced how many models the exact packer left out
 * @param oneDeviceCost the cost of one device of the cheapest type: the goal's "one instance"
 * @param exactProven whether the exact packing is proven optimal (its search finished)
 * @param heuristicNanos how long the heuristic took
 * @param exactNanos how long the exact packer took
 */
public record PackingComparison(
    int models,
    int deviceTypes,
    double heuristicCost,
    double exactCost,
    int heuristicUnplaced,
    int exactUnplaced,
    double oneDeviceCost,
    boolean exactProven,
    long heuristicNanos,
    long exactNanos) {
  /** The goal's relative slack: 5%. */
  public static final double GOAL_RATIO = 1.05;

  private static final double TOLERANCE = 1e-9;

  /**
   * Packs the problem with both packers and compares them.
   *
   * @param problem the problem
   * @param heuristic the packer under test
   * @param exact the reference packer
   * @param ticker times each packer
   */
  public static PackingComparison of(
      PackingProblem problem, Packer heuristic, Packer exact, Ticker ticker) {
    requireNonNull(problem, "problem");
    long start = ticker.nanos();
    PackingSolution fast = heuristic.pack(problem);
    long middle = ticker.nanos();
    PackingSolution best = exact.pack(problem);
    long end = ticker.nanos();
    return of(problem, fast, best, middle - start, end - middle);
  }

  /**
   * Compares two packings of {@code problem} already made, {@code fast} by the heuristic and {@code
   * best} by the exact packer, with the times they took.
   */
  public static PackingComparison of(
      PackingProblem problem,
      PackingSolution fast,
      PackingSolution best,
      long heuristicNanos,
      long exactNanos) {
    double cheapest =
        problem.available().stream().mapToDouble(DeviceType::cost).min().orElseThrow();
    return new PackingComparison(
        problem.models().size(),
        problem.available().size(),
        fast.totalCost(),
        best.totalCost(),
        fast.unplaceable().size(),
        best.unplaceable().size(),
        cheapest,
        best.provenOptimal(),
        heuristicNanos,
        exactNanos);
  }

  /** Returns heuristic cost over exact cost; 1 when both are zero. */
  public double ratio() {
    if (exactCost == 0) {
      return heuristicCost == 0 ? 1 : Double.POSITIVE_INFINITY;
    }
    return heuristicCost / exactCost;
  }

  /** Returns whether the heuristic places as many models and costs at most 5% more. */
  public boolean withinFivePercent() {
    return heuristicUnplaced <= exactUnplaced
        && heuristicCost <= exactCost * GOAL_RATIO + TOLERANCE * Math.max(1, exactCost);
  }

  /**
   * Returns whether the comparison meets G10: the heuristic places as many models and costs at most
   * 5% more, or at most one device of the cheapest type more.
   */
  public boolean withinGoal() {
    return withinFivePercent()
        || (heuristicUnplaced <= exactUnplaced
            && heuristicCost <= exactCost + oneDeviceCost + TOLERANCE * Math.max(1, exactCost));
  }

  /** Returns whether the heuristic beat the exact packer: impossible when the exact is proven. */
  public boolean heuristicBeatExact() {
    return heuristicUnplaced < exactUnplaced
        || (heuristicUnplaced == exactUnplaced
            && heuristicCost < exactCost - TOLERANCE * Math.max(1, exactCost));
  }
}
