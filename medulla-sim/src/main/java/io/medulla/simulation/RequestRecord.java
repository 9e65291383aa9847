package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One simulated request, kept when the simulator is asked to record requests.
 *
 * @param arrival its arrival, as an offset from the window's start
 * @param tenant the tenant that sent it
 * @param target the model or graph it named
 * @param priorityClass its priority class (normalised name)
 * @param outcome how it ended
 * @param latency from arrival to answer; zero when it was shed or is unfinished
 */
public record RequestRecord(
    Duration arrival,
    String tenant,
    String target,
    String priorityClass,
    Outcome outcome,
    Duration latency) {
  /** Creates a record. */
  public RequestRecord {
    requireNonNull(arrival, "arrival");
    requireNonNull(tenant, "tenant");
    requireNonNull(target, "target");
    requireNonNull(priorityClass, "priorityClass");
    requireNonNull(outcome, "outcome");
    requireNonNull(latency, "latency");
  }
}
