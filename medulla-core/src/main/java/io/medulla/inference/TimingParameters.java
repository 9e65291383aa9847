package io.medulla.inference;

/**
 * Names the parameters by which a caller asks a model for its queue and compute time, and by which
 * the scheduler answers. Graphs use them for their per-step trace; any client may ask too.
 */
public final class TimingParameters {
  /** The request parameter ({@code true}) that asks for the two timing response parameters. */
  public static final String REQUEST = "medulla_timing";

  /** The response parameter: nanoseconds the request waited before its batch started. */
  public static final String QUEUE_NANOS = "queue_ns";

  /** The response parameter: nanoseconds its batch took to execute. */
  public static final String COMPUTE_NANOS = "compute_ns";

  private TimingParameters() {}

  /** Returns whether {@code request} asks for timing parameters in its response. */
  public static boolean isRequested(InferenceRequest request) {
    return Boolean.TRUE.equals(request.parameters().get(REQUEST));
  }
}
