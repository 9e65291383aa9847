package io.medulla.audit;

/**
 * Signals that an audit store could not do what was asked: unreachable, full, read-only, or a write
 * that conflicts with what it holds. The message is for operators' logs; it never carries record
 * contents or credentials.
 */
public final class AuditStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception. */
  public AuditStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception without a cause. */
  public AuditStoreException(String message) {
    super(message);
  }
}
