package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import io.medulla.tenancy.Caller;
import io.medulla.tenancy.Role;
import java.util.stream.Collectors;

/**
 * What happened, as the caller of {@link AuditLog#append} describes it; the log adds the node, the
 * sequence number, the time and the chain hashes to make an {@link AuditRecord}. Never holds tensor
 * contents: inputs and outputs appear only as keyed digests. Empty strings mean "not applicable";
 * {@code -1} means "not measured".
 *
 * @param action what was done: an {@link AuditAction#wireName()}
 * @param tenant the tenant acted for; empty when unknown (an authentication failure)
 * @param principal who acted; the claimed principal for an authentication failure, or empty
 * @param role the roles the principal held, comma-separated wire names, sorted
 * @param clientAddress where the call came from
 * @param breakGlass whether an emergency-access session covered the call
 * @param breakGlassReason that session's stated reason; empty without one
 * @param requestId the server-assigned request id; empty for actions outside a request
 * @param model the model or graph named
 * @param version the version that answered, or the one asked for when none answered
 * @param modelSha256 the SHA-256 of the model file that answered; empty when none did
 * @param priority the priority class (1 the highest; 0 the model's default)
 * @param status {@link #OK} or the failure's {@link StatusCode} name
 * @param reason why it failed, as the caller was told; empty on success
 * @param queueNanos how long the request waited for its batch; -1 when not measured
 * @param computeNanos how long its batch executed; -1 when not measured
 * @param totalNanos arrival to completion; -1 when not measured
 * @param batchId the node-local id of the batch that computed it; empty when none
 * @param batchShared whether that batch held requests of more than one tenant
 * @param inputDigest HMAC-SHA-256 (hex) of the inputs under the tenant's key; empty when none
 * @param outputDigest HMAC-SHA-256 (hex) of the outputs under the tenant's key; empty when none
 */
public record AuditEvent(
    String action,
    String tenant,
    String principal,
    String role,
    String clientAddress,
    boolean breakGlass,
    String breakGlassReason,
    String requestId,
    String model,
    String version,
    String modelSha256,
    int priority,
    String status,
    String reason,
    long queueNanos,
    long computeNanos,
    long totalNanos,
    String batchId,
    boolean batchShared,
    String inputDigest,
    String outputDigest) {
  /** The status of an action that succeeded. */
  public static final String OK = "OK";

  /** The longest reason kept; longer ones are cut, since records are not the place for essays. */
  public static final int MAX_REASON_LENGTH = 500;

  /** Creates an event; validates every field. */
  public AuditEvent {
    requireNonNull(action, "action");
    if (action.isEmpty()) {
      throw new IllegalArgumentException("action: empty");
    }
    requireNonNull(tenant, "tenant");
    requireNonNull(principal, "principal");
    requireNonNull(role, "role");
    requireNonNull(clientAddress, "clientAddress");
    requireNonNull(breakGlassReason, "breakGlassReason");
    requireNonNull(requestId, "requestId");
    requireNonNull(model, "model");
    requireNonNull(version, "version");
    requireNonNull(modelSha256, "modelSha256");
    requireNonNull(status, "status");
    if (status.isEmpty()) {
      throw new IllegalArgumentException("status: empty (expected: OK or a status code)");
    }
    requireNonNull(reason, "reason");
    requireNonNull(batchId, "batchId");
    requireNonNull(inputDigest, "inputDigest");
    requireNonNull(outputDigest, "outputDigest");
    if (queueNanos < -1 || computeNanos < -1 || totalNanos < -1) {
      throw new IllegalArgumentException("timings: expected >= 0, or -1 when not measured");
    }
  }

  /** Returns whether the action succeeded. */
  public boolean isSuccess() {
    return OK.equals(status);
  }

  /** Returns a builder for an event of {@code action}, every other field empty or unmeasured. */
  public static Builder builder(AuditAction action) {
    return new Builder(action.wireName());
  }

  /** Returns a builder for a model or graph request, filled from its context. */
  public static Builder inference(RequestContext context, String model) {
    return builder(AuditAction.INFER).context(context).model(model);
  }

  /**
   * Returns a builder for an administrative action (load, unload, keys, tenants, break-glass, audit
   * exports and pruning) by {@code principal}, acting for {@code tenant} (empty when the action is
   * not a tenant's).
   */
  public static Builder admin(AuditAction action, String principal, String tenant) {
    return builder(action).principal(principal).tenant(tenant);
  }

  /**
   * Returns a builder for a refused call: {@code kind} is {@link
   * AuditAction#AUTHENTICATION_FAILURE} or {@link AuditAction#AUTHORIZATION_FAILURE}.
   *
   * @param principalHint the principal or key id the call claimed; empty when unknown; never a
   *     secret
   */
  public static Builder accessFailure(
      AuditAction kind,
      StatusCode status,
      String principalHint,
      String clientAddress,
      String reason) {
    if (kind != AuditAction.AUTHENTICATION_FAILURE && kind != AuditAction.AUTHORIZATION_FAILURE) {
      throw new IllegalArgumentException("kind: " + kind + " (expected: an access failure)");
    }
    return builder(kind)
        .principal(principalHint)
        .clientAddress(clientAddress)
        .failure(status, reason);
  }

  /** Builds events; every setter returns this builder. Not thread-safe. */
  public static final class Builder {
    private final String action;
    private String tenant = "";
    private String principal = "";
    private String role = "";
    private String clientAddress = "";
    private boolean breakGlass;
    private String breakGlassReason = "";
    private String requestId = "";
    private String model = "";
    private String version = "";
    private String modelSha256 = "";
    private int priority;
    private String status = OK;
    private String reason = "";
    private long queueNanos = -1;
    private long computeNanos = -1;
    private long totalNanos = -1;
    private String batchId = "";
    private boolean batchShared;
    private String inputDigest = "";
    private String outputDigest = "";

    private Builder(String action) {
      this.action = action;
    }

    /** Sets the tenant, principal, priority and request id of a request's context. */
    public Builder context(RequestContext context) {
      tenant = context.tenant().value();
      principal = context.principal();
      priority = context.priority();
      requestId = context.requestId().value();
      return this;
    }

    /**
     * Sets the principal, tenant, roles, client address and emergency-access flag of a verified
     * caller.
     */
    public Builder caller(Caller caller) {
      principal = caller.principal().id();
      tenant = caller.tenant().value();
      role =
          caller.principal().roles().stream()
              .map(Role::wireName)
              .sorted()
              .collect(Collectors.joining(","));
      clientAddress = caller.clientAddress();
      var session = caller.breakGlass();
      breakGlass = session != null;
      breakGlassReason = session == null ? "" : session.reason();
      return this;
    }

    /** Sets the tenant; default empty. */
    public Builder tenant(String value) {
      tenant = requireNonNull(value, "tenant");
      return this;
    }

    /** Sets the principal; default empty. */
    public Builder principal(String value) {
      principal = requireNonNull(value, "principal");
      return this;
    }

    /** Sets the roles, comma-separated; default empty. */
    public Builder role(String value) {
      role = requireNonNull(value, "role");
      return this;
    }

    /** Sets the client address; default empty. */
    public Builder clientAddress(String value) {
      clientAddress = requireNonNull(value, "clientAddress");
      return this;
    }

    /** Marks the call as covered by an emergency-access session with {@code reason}. */
    public Builder breakGlass(String sessionReason) {
      breakGlass = true;
      breakGlassReason = requireNonNull(sessionReason, "sessionReason");
      return this;
    }

    /** Sets the request id; default empty. */
    public Builder requestId(String value) {
      requestId = requireNonNull(value, "requestId");
      return this;
    }

    /** Sets the model or graph name; default empty. */
    public Builder model(String value) {
      model = requireNonNull(value, "model");
      return this;
    }

    /** Sets the model version; default empty. */
    public Builder version(String value) {
      version = requireNonNull(value, "version");
      return this;
    }

    /** Sets the SHA-256 of the model file; default empty. */
    public Builder modelSha256(String value) {
      modelSha256 = requireNonNull(value, "modelSha256");
      return this;
    }

    /** Sets the priority class; default 0 (the model's default). */
    public Builder priority(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("priority: " + value + " (expected: >= 0)");
      }
      priority = value;
      return this;
    }

    /** Marks the action as succeeded (the default). */
    public Builder success() {
      status = OK;
      reason = "";
      return this;
    }

    /** Marks the action as failed with {@code code}, for the caller-facing {@code why}. */
    public Builder failure(StatusCode code, String why) {
      status = code.name();
      reason = cut(requireNonNull(why, "why"));
      return this;
    }

    /** Sets the queue, compute and total times in nanoseconds; -1 for any not measured. */
    public Builder timings(long queue, long compute, long total) {
      queueNanos = queue;
      computeNanos = compute;
      totalNanos = total;
      return this;
    }

    /** Sets the batch that computed the request and whether it held several tenants. */
    public Builder batch(String id, boolean shared) {
      batchId = requireNonNull(id, "id");
      batchShared = shared;
      return this;
    }

    /** Sets the keyed digest of the inputs; default empty. */
    public Builder inputDigest(String value) {
      inputDigest = requireNonNull(value, "inputDigest");
      return this;
    }

    /** Sets the keyed digest of the outputs; default empty. */
    public Builder outputDigest(String value) {
      outputDigest = requireNonNull(value, "outputDigest");
      return this;
    }

    /** Sets a reason on a successful action too (what a prune removed, what an export held). */
    public Builder note(String why) {
      reason = cut(requireNonNull(why, "why"));
      return this;
    }

    /** Returns the event. */
    public AuditEvent build() {
      return new AuditEvent(
          action,
          tenant,
          principal,
          role,
          clientAddress,
          breakGlass,
          breakGlassReason,
          requestId,
          model,
          version,
          modelSha256,
          priority,
          status,
          reason,
          queueNanos,
          computeNanos,
          totalNanos,
          batchId,
          batchShared,
          inputDigest,
          outputDigest);
    }

    private static String cut(String s) {
      return s.length() <= MAX_REASON_LENGTH ? s : s.substring(0, MAX_REASON_LENGTH);
    }
  }
}
