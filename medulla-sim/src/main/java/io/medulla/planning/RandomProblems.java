package io.medulla.planning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Generates random packing problems from a seed, for checking the heuristic against the exact
 * packer: the same seed always gives the same problem.
 *
 * <p>A problem has 1 to 3 device types of different memory (8 to 80 GiB), speed (0.5 to 4) and cost
 * (growing a little slower than speed, with noise, so no type dominates), and a number of models in
 * the asked range. A model holds 0.25 GiB to 60% of the largest device, runs batch 1 in 2 to 30 ms
 * on the reference device with batches up to 1, 4, 8, 16 or 32 costing 5% to 100% of that per extra
 * request, has an SLO of 4 to 40 times its batch-1 time, and a rate that needs from 2% to 250% of a
 * reference device at batch 1 (skewed towards light models); one model in seven is pinned to a
 * random type. The mix gives memory-bound and compute-bound models and some splits.
 *
 * <p>Stateless and thread-safe.
 */
public final class RandomProblems {
  private static final long GIB = 1L << 30;
  private static final int[] MEMORY_GIB = {8, 16, 24, 32, 48, 80};
  private static final int[] MAX_BATCH = {1, 4, 8, 16, 32};

  private RandomProblems() {}

  /**
   * Returns the problem for a seed.
   *
   * @param seed the seed
   * @param minModels the fewest models (&ge; 1)
   * @param maxModels the most models (&ge; {@code minModels})
   * @param maxUtilisation the problem's utilisation bound
   */
  public static PackingProblem generate(
      long seed, int minModels, int maxModels, double maxUtilisation) {
    if (minModels < 1 || maxModels < minModels) {
      throw new IllegalArgumentException(
          "models: " + minModels + ".." + maxModels + " (expected: 1 <= min <= max)");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<DeviceType> types = deviceTypes(random, 1 + random.nextInt(3));
    long largest = types.stream().mapToLong(DeviceType::memoryBytes).max().orElseThrow();
    int count = minModels + random.nextInt(maxModels - minModels + 1);
    List<ModelDemand> models = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ModelDemand model = model(random, String.format("m%02d", i), largest);
      if (random.nextInt(7) == 0) {
        model = model.pinnedTo(types.get(random.nextInt(types.size())).name());
      }
      models.add(model);
    }
    return new PackingProblem(models, types, maxUtilisation);
  }

  private static List<DeviceType> deviceTypes(SplittableRandom random, int count) {
    List<Integer> sizes = new ArrayList<>();
    while (sizes.size() < count) {
      int gib = MEMORY_GIB[random.nextInt(MEMORY_GIB.length)];
      if (!sizes.contains(gib)) {
        sizes.add(gib);
      }
    }
    List<DeviceType> types = new ArrayList<>();
    for (int gib : sizes) {
      double speed = round(0.5 + 3.5 * random.nextDouble(), 100);
      double cost =
          round(
              Math.pow(speed, 0.8) * Math.pow(gib / 16.0, 0.3) * (0.8 + 0.4 * random.nextDouble()),
              100);
      types.add(new DeviceType("gpu" + gib, gib * GIB, speed, cost));
    }
    return types;
  }

  private static ModelDemand model(SplittableRandom random, String name, long largestMemory) {
    long memory = GIB / 4 + (long) (0.6 * largestMemory * Math.pow(random.nextDouble(), 2));
    double batchOneMillis = 2 + 28 * random.nextDouble();
    double perExtra = 0.05 + 0.95 * random.nextDouble();
    int maxBatch = MAX_BATCH[random.nextInt(MAX_BATCH.length)];
    Map<Integer, Duration> times = new TreeMap<>();
    times.put(1, millis(batchOneMillis));
    if (maxBatch > 1) {
      times.put(maxBatch, millis(batchOneMillis * (1 + perExtra * (maxBatch - 1))));
    }
    Duration slo = millis(batchOneMillis * (4 + 36 * random.nextDouble()));
    double referenceDevices = 0.02 + 2.48 * Math.pow(random.nextDouble(), 2);
    double rate = round(referenceDevices / (batchOneMillis / 1e3), 10);
    return ModelDemand.of(name, rate, slo, memory, BatchProfile.of(times));
  }

  private static Duration millis(double millis) {
    return Duration.ofNanos(Math.round(millis * 1e6));
  }

  private static double round(double value, int per) {
    return Math.round(value * per) / (double) per;
  }
}
