package io.medulla.simulation;

/**
 * How irregular a stream's arrivals are around their hourly rate.
 *
 * <p>Arrivals are a renewal process in <em>operational time</em>: gaps with mean 1 are drawn
 * independently and each is stretched through the cumulative rate {@code Λ(t) = ∫ rate}, so the
 * next arrival after {@code t} is at {@code Λ⁻¹(Λ(t) + gap)}. Within an hour of constant rate
 * {@code r} the gaps are therefore {@code gap / r} seconds: the expected count matches the rate
 * exactly and the coefficient of variation (standard deviation over mean) of the gaps is the one
 * chosen here. The first gap is drawn from the process's equilibrium residual life ({@code U ×} a
 * length-biased gap), so the stream starts as if it had been running.
 *
 * <ul>
 *   <li>{@link Poisson}: exponential gaps (CV 1); a non-homogeneous Poisson process.
 *   <li>{@link Gamma}: gamma gaps of shape {@code k = 1 / cv²} and scale {@code cv²}. {@code cv >
 *       1} gives bursts (many short gaps, a few long ones); {@code cv < 1} gives more regular
 *       arrivals than Poisson; {@code cv = 1} is Poisson again (with another random sequence).
 * </ul>
 *
 * <p>Burstiness does not apply to {@linkplain ArrivalPattern.Trace traces}, which replay exactly.
 */
public sealed interface Burstiness {
  /** Returns the coefficient of variation of the gaps between arrivals. */
  double coefficientOfVariation();

  /** Returns Poisson arrivals. */
  static Burstiness poisson() {
    return new Poisson();
  }

  /** Returns gamma-distributed gaps with the given coefficient of variation. */
  static Burstiness gamma(double coefficientOfVariation) {
    return new Gamma(coefficientOfVariation);
  }

  /** Exponential gaps: arrivals that are independent of each other. */
  record Poisson() implements Burstiness {
    @Override
    public double coefficientOfVariation() {
      return 1;
    }
  }

  /**
   * Gamma-distributed gaps.
   *
   * @param coefficientOfVariation the standard deviation of the gaps over their mean, in {@code (0,
   *     20]}
   */
  record Gamma(double coefficientOfVariation) implements Burstiness {
    /** The largest coefficient of variation accepted. */
    public static final double MAX_CV = 20;

    /** Creates a gamma process; validates the coefficient. */
    public Gamma {
      if (!(coefficientOfVariation > 0 && coefficientOfVariation <= MAX_CV)) {
        throw new IllegalArgumentException(
            "coefficientOfVariation: "
                + coefficientOfVariation
                + " (expected: > 0 and <= "
                + MAX_CV
                + ")");
      }
    }

    /** Returns the shape {@code k = 1 / cv²} of the gap distribution. */
    public double shape() {
      return 1 / (coefficientOfVariation * coefficientOfVariation);
    }
  }
}
