package io.medulla.simulation;

import java.util.SplittableRandom;

/**
 * The random draws of the simulator, written out so that a seed gives the same numbers on every
 * JVM: uniforms from {@link SplittableRandom#nextDouble()} (specified since Java 8) and {@link
 * StrictMath} for every transformation. Generators are seeded from a run's seed and a fixed label,
 * so that each stream and each model draws from its own sequence: changing one stream leaves the
 * others' draws alone (common random numbers between compared plans).
 */
final class Randoms {
  private Randoms() {}

  /** Returns a generator for {@code label} under {@code seed}. */
  static SplittableRandom forLabel(long seed, String label) {
    return new SplittableRandom(mix(seed ^ mix(fnv(label))));
  }

  /** Returns a unit-mean exponential draw. */
  static double exponential(SplittableRandom rng) {
    return -StrictMath.log(1 - rng.nextDouble());
  }

  /** Returns a standard normal draw (Box–Muller, one of the pair). */
  static double normal(SplittableRandom rng) {
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }

  /**
   * Returns a draw from the gamma distribution of shape {@code k} and scale 1: Marsaglia and
   * Tsang's method for {@code k >= 1}, and {@code Gamma(k + 1) × U^(1/k)} below.
   */
  static double gamma(double k, SplittableRandom rng) {
    if (k < 1) {
      double u = 1 - rng.nextDouble();
      return gamma(k + 1, rng) * StrictMath.pow(u, 1 / k);
    }
    double d = k - 1.0 / 3;
    double c = 1 / StrictMath.sqrt(9 * d);
    while (true) {
      double x = normal(rng);
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1 - rng.nextDouble();
      if (StrictMath.log(u) < 0.5 * x * x + d - d * v + d * StrictMath.log(v)) {
        return d * v;
      }
    }
  }

  /** SplitMix64's finaliser: spreads every input bit over the output. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Returns the 64-bit FNV-1a hash of the label's characters. */
  private static long fnv(String label) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < label.length(); i++) {
      h ^= label.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
