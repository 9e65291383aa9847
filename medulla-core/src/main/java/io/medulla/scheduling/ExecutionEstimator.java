package io.medulla.scheduling;

/**
 * Predicts how long a batch of a given size takes, from measured runs. Sizes that have been seen
 * use an exponentially weighted moving average (EWMA) of their own runs; other sizes use a linear
 * fit {@code a + b × size} over recent runs (decayed sums). While only one size has been seen,
 * other sizes are predicted to cost the same: an optimistic guess (right for accelerators, low for
 * CPUs) that lets the first larger batches form and be measured, after which the fit takes over.
 * Guarded by its scheduler's lock.
 */
final class ExecutionEstimator {
  private static final double ALPHA = 0.2;
  private static final double DECAY = 0.98;

  private final double[] bySize;
  private double sw;
  private double sn;
  private double st;
  private double snn;
  private double snt;
  private double meanBatch;
  private long runs;

  ExecutionEstimator(int maxBatchSize) {
    this.bySize = new double[Math.max(1, maxBatchSize) + 1];
  }

  /** Returns whether any run has been measured. */
  boolean hasData() {
    return runs > 0;
  }

  /** Records one measured run of {@code samples} samples. */
  void record(int samples, long nanos) {
    int n = clamp(samples);
    double t = Math.max(0, nanos);
    bySize[n] = bySize[n] == 0 ? Math.max(t, 1) : bySize[n] + ALPHA * (t - bySize[n]);
    sw = sw * DECAY + 1;
    sn = sn * DECAY + n;
    st = st * DECAY + t;
    snn = snn * DECAY + (double) n * n;
    snt = snt * DECAY + n * t;
    meanBatch = runs == 0 ? n : meanBatch + ALPHA * (n - meanBatch);
    runs++;
  }

  /** Returns the predicted nanoseconds for a batch of {@code samples}; 0 before any run. */
  long nanos(int samples) {
    if (runs == 0) {
      return 0;
    }
    int n = clamp(samples);
    if (bySize[n] > 0) {
      return (long) bySize[n];
    }
    double denominator = sw * snn - sn * sn;
    double meanN = sn / sw;
    double meanT = st / sw;
    if (Math.abs(denominator) < 1e-9 * sw * snn) {
      return (long) meanT;
    }
    double b = Math.max(0, (sw * snt - sn * st) / denominator);
    double a = Math.max(0, meanT - b * meanN);
    return (long) (a + b * n);
  }

  /** Returns the batch size runs have had recently (an EWMA), at least 1. */
  int typicalBatchSize() {
    return Math.max(1, (int) Math.round(meanBatch));
  }

  private int clamp(int samples) {
    return Math.max(1, Math.min(bySize.length - 1, samples));
  }
}
