package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * Many {@link PackingComparison}s in a few numbers, as the G10 report quotes them.
 *
 * @param instances how many problems were compared
 * @param withinGoal how many met G10 (5% or one device)
 * @param withinFivePercent how many were within 5%
 * @param exactProven how many exact packings were proven optimal
 * @param heuristicBeatExact how many times the heuristic beat the exact packer (only possible when
 *     the exact search ran out of budget)
 * @param worstRatio the largest heuristic/exact cost ratio
 * @param meanRatio the mean heuristic/exact cost ratio
 * @param meanHeuristicMillis the mean time of one heuristic packing
 * @param maxHeuristicMillis the longest heuristic packing
 * @param meanExactMillis the mean time of one exact packing
 * @param maxExactMillis the longest exact packing
 */
public record ComparisonSummary(
    int instances,
    int withinGoal,
    int withinFivePercent,
    int exactProven,
    int heuristicBeatExact,
    double worstRatio,
    double meanRatio,
    double meanHeuristicMillis,
    double maxHeuristicMillis,
    double meanExactMillis,
    double maxExactMillis) {

  /** Summarises comparisons; at least one. */
  public static ComparisonSummary of(List<PackingComparison> comparisons) {
    requireNonNull(comparisons, "comparisons");
    if (comparisons.isEmpty()) {
      throw new IllegalArgumentException("comparisons: empty (expected: at least one)");
    }
    int goal = 0;
    int fivePercent = 0;
    int proven = 0;
    int beat = 0;
    double worst = 0;
    double ratioSum = 0;
    double heuristicSum = 0;
    double heuristicMax = 0;
    double exactSum = 0;
    double exactMax = 0;
    for (PackingComparison comparison : comparisons) {
      goal += comparison.withinGoal() ? 1 : 0;
      fivePercent += comparison.withinFivePercent() ? 1 : 0;
      proven += comparison.exactProven() ? 1 : 0;
      beat += comparison.heuristicBeatExact() ? 1 : 0;
      worst = Math.max(worst, comparison.ratio());
      ratioSum += comparison.ratio();
      double heuristicMillis = comparison.heuristicNanos() / 1e6;
      double exactMillis = comparison.exactNanos() / 1e6;
      heuristicSum += heuristicMillis;
      heuristicMax = Math.max(heuristicMax, heuristicMillis);
      exactSum += exactMillis;
      exactMax = Math.max(exactMax, exactMillis);
    }
    int n = comparisons.size();
    return new ComparisonSummary(
        n,
        goal,
        fivePercent,
        proven,
        beat,
        worst,
        ratioSum / n,
        heuristicSum / n,
        heuristicMax,
        exactSum / n,
        exactMax);
  }

  /** Returns the share of problems that met G10. */
  public double withinGoalShare() {
    return (double) withinGoal / instances;
  }

  /** Returns the summary as one JSON object. */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"goal\":\"G10\",\"instances\":%d,\"withinGoal\":%d,\"withinGoalShare\":%.4f,"
            + "\"withinFivePercent\":%d,\"exactProven\":%d,\"heuristicBeatExact\":%d,"
            + "\"worstRatio\":%.4f,\"meanRatio\":%.4f,\"meanHeuristicMillis\":%.3f,"
            + "\"maxHeuristicMillis\":%.3f,\"meanExactMillis\":%.3f,\"maxExactMillis\":%.3f}",
        instances,
        withinGoal,
        withinGoalShare(),
        withinFivePercent,
        exactProven,
        heuristicBeatExact,
        worstRatio,
        meanRatio,
        meanHeuristicMillis,
        maxHeuristicMillis,
        meanExactMillis,
        maxExactMillis);
  }
}
