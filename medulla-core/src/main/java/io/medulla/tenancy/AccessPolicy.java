package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.TenantId;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a {@link Caller} may do: deny by default, by role and by its tenant's {@link
 * Entitlements}. Pure and immutable, so thread-safe; it reads no clock (a {@link BreakGlass} on the
 * caller was checked for expiry when the caller was built).
 *
 * <p>The rules, per {@link Action}:
 *
 * <ul>
 *   <li>{@code INFER}: role inference, and the model entitled to the caller's tenant; a model it is
 *       not entitled to is {@linkplain AccessDecision.Outcome#HIDDEN hidden}, answered exactly as a
 *       model that does not exist, so one tenant cannot learn another's model names.
 *   <li>{@code READ_MODEL}: operator (every model), or inference (entitled models; others hidden).
 *   <li>{@code READ_SERVER}: any role but gateway.
 *   <li>{@code READ_REPOSITORY}: operator, or inference with the index filtered by {@link
 *       #isVisible}.
 *   <li>{@code READ_STATISTICS}, {@code MANAGE_MODELS}: operator. Statistics count every tenant's
 *       requests, so they are not an inference caller's to read.
 *   <li>{@code READ_AUDIT}: auditor. {@code ADMINISTER}: admin.
 * </ul>
 *
 * <p>The gateway role alone grants nothing: it only lets a principal name the tenant it acts for.
 * Break-glass widens the tenant's entitlements (every model, every priority level) but never adds a
 * role, and leaves the approved-versions rule in force: see {@link
 * Entitlements#widenedForBreakGlass()}.
 */
public final class AccessPolicy {
  private final Map<TenantId, Entitlements> entitlements;
  private final Entitlements defaults;

  /**
   * Creates a policy.
   *
   * @param entitlements each named tenant's entitlements; every key maps to that tenant's own
   * @param defaults the entitlements of every tenant not in {@code entitlements}, applied under the
   *     asking tenant's id
   */
  public AccessPolicy(Map<TenantId, Entitlements> entitlements, Entitlements defaults) {
    this.entitlements = Map.copyOf(entitlements);
    this.defaults = requireNonNull(defaults, "defaults");
    this.entitlements.forEach(
        (id, e) -> {
          if (!id.equals(e.tenant())) {
            throw new IllegalArgumentException(
                "entitlements: key " + id + " maps to the entitlements of " + e.tenant());
          }
        });
  }

  /** Returns a policy under which every tenant is entitled to everything (roles still apply). */
  public static AccessPolicy unrestricted() {
    return new AccessPolicy(Map.of(), Entitlements.unrestricted(TenantId.DEFAULT));
  }

  /** Returns the entitlements of {@code tenant} as configured, without break-glass. */
  public Entitlements entitlementsFor(TenantId tenant) {
    Entitlements e = entitlements.get(requireNonNull(tenant, "tenant"));
    return e != null ? e : defaults.forTenant(tenant);
  }

  private Entitlements effective(Caller caller) {
    Entitlements e = entitlementsFor(caller.tenant());
    return caller.isBreakGlass() ? e.widenedForBreakGlass() : e;
  }

  /**
   * Returns whether {@code caller} may do {@code action}.
   *
   * @param model the model or graph the action is about; required for {@code INFER} and {@code
   *     READ_MODEL}, and otherwise ignored
   */
  public AccessDecision decide(Caller caller, Action action, @Nullable String model) {
    requireNonNull(caller, "caller");
    requireNonNull(action, "action");
    Principal p = caller.principal();
    return switch (action) {
      case INFER -> {
        String m = requireModel(action, model);
        if (!p.has(Role.INFERENCE)) {
          yield needs(Role.INFERENCE, "run models");
        }
        yield effective(caller).mayCall(m) ? AccessDecision.allow() : hidden(m);
      }
      case READ_MODEL -> {
        String m = requireModel(action, model);
        if (p.has(Role.OPERATOR)) {
          yield AccessDecision.allow();
        }
        if (!p.has(Role.INFERENCE)) {
          yield AccessDecision.forbid(
              "permission denied: reading a model needs the 'inference' or 'operator' role");
        }
        yield effective(caller).mayCall(m) ? AccessDecision.allow() : hidden(m);
      }
      case READ_SERVER ->
          p.roles().stream().anyMatch(r -> r != Role.GATEWAY)
              ? AccessDecision.allow()
              : AccessDecision.forbid(
                  "permission denied: reading the server's metadata needs a role other than"
                      + " 'gateway'");
      case READ_REPOSITORY ->
          p.has(Role.OPERATOR) || p.has(Role.INFERENCE)
              ? AccessDecision.allow()
              : AccessDecision.forbid(
                  "permission denied: the repository index needs the 'operator' or 'inference'"
                      + " role");
      case READ_STATISTICS -> requires(p, Role.OPERATOR, "read statistics");
      case MANAGE_MODELS -> requires(p, Role.OPERATOR, "load or unload models");
      case READ_AUDIT -> requires(p, Role.AUDITOR, "read the audit trail");
      case ADMINISTER -> requires(p, Role.ADMIN, "administer keys and tenants");
    };
  }

  /**
   * Returns whether {@code caller} may see {@code model} in lists (repository index, statistics):
   * an operator sees every model, an inference caller its tenant's entitled ones, others none.
   */
  public boolean isVisible(Caller caller, String model) {
    requireNonNull(model, "model");
    Principal p = caller.principal();
    return p.has(Role.OPERATOR) || (p.has(Role.INFERENCE) && effective(caller).mayCall(model));
  }

  /**
   * Returns whether {@code caller} may ask for priority {@code level}.
   *
   * @param level the requested level, 1 the most urgent; 0 means the model's default and is always
   *     allowed
   */
  public AccessDecision checkPriority(Caller caller, int level) {
    if (level < 0) {
      throw new IllegalArgumentException("level: " + level + " (expected: >= 0)");
    }
    Entitlements e = effective(caller);
    if (level == 0 || e.mayUse(level)) {
      return AccessDecision.allow();
    }
    return AccessDecision.forbid(
        "permission denied: priority level "
            + level
            + " is more urgent than this tenant may use (the highest allowed is level "
            + e.highestPriorityLevel()
            + ")");
  }

  /** Returns whether {@code caller}'s requests may reach only approved model versions. */
  public boolean approvedOnly(Caller caller) {
    return effective(caller).approvedOnly();
  }

  private static String requireModel(Action action, @Nullable String model) {
    if (model == null) {
      throw new IllegalArgumentException(action + ": a model name is required");
    }
    return model;
  }

  private static AccessDecision hidden(String model) {
    // The same words as a model that does not exist: existence must not leak.
    return AccessDecision.hide(ModelNotFoundException.message(model, ""));
  }

  private static AccessDecision requires(Principal p, Role role, String what) {
    return p.has(role) ? AccessDecision.allow() : needs(role, what);
  }

  private static AccessDecision needs(Role role, String what) {
    return AccessDecision.forbid(
        "permission denied: the '" + role.wireName() + "' role is needed to " + what);
  }
}
