package io.medulla.inference;

import static java.util.Objects.requireNonNull;

/**
 * Who asks, for whom, how urgently and until when: travels with a request from the protocol edge to
 * the scheduler. Backends never see it; they see batches only.
 *
 * @param requestId the server-assigned id
 * @param tenant the organisation the request is made for
 * @param principal who made the request (a declared principal or a token's subject; {@value
 *     #ANONYMOUS} for local trials without credentials)
 * @param priority the priority level, 1 the highest; 0 means the model's default
 * @param deadline when the answer stops being wanted
 * @param arrivalNanos the ticker reading when the request arrived
 */
public record RequestContext(
    RequestId requestId,
    TenantId tenant,
    String principal,
    int priority,
    Deadline deadline,
    long arrivalNanos) {
  /** The principal of loopback requests without credentials, when the operator allows them. */
  public static final String ANONYMOUS = "anonymous";

  /** Creates a context; validates every field. */
  public RequestContext {
    requireNonNull(requestId, "requestId");
    requireNonNull(tenant, "tenant");
    requireNonNull(principal, "principal");
    requireNonNull(deadline, "deadline");
    if (priority < 0) {
      throw new IllegalArgumentException("priority: " + priority + " (expected: >= 0)");
    }
  }
}
