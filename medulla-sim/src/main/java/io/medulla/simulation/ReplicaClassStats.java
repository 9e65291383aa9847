package io.medulla.simulation;

/**
 * What became of one priority class's requests in a replica run.
 *
 * @param arrived the requests that arrived in the window
 * @param good those answered successfully within the class's latency objective
 * @param timedOut those whose deadline passed (answered DEADLINE_EXCEEDED)
 * @param rejected those refused for load
 * @param unfinished those not answered when the run stopped following them
 */
public record ReplicaClassStats(
    long arrived, long good, long timedOut, long rejected, long unfinished) {
  /** Returns the share of arrivals that were good; 1 with none. */
  public double attainment() {
    return arrived == 0 ? 1 : (double) good / arrived;
  }
}
