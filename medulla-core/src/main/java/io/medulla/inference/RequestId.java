package io.medulla.inference;

import static java.util.Objects.requireNonNull;

/**
 * The server-assigned identifier of one request, unique within a server's lifetime; used to
 * correlate logs, traces and audit records. Distinct from the client's optional {@code id}.
 *
 * @param value the identifier
 */
public record RequestId(String value) {
  /** Creates an id. */
  public RequestId {
    requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
