package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.AccessPolicy;
import io.medulla.tenancy.BreakGlassSessions;
import io.medulla.tenancy.Entitlements;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.tenancy.TenantPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The tenants file ({@code --tenants}): each named tenant's fair-share weight, limits and
 * entitlements, the policy of every tenant it does not name, the principals it declares and the
 * break-glass limit. docs/TENANTS.md describes the format.
 *
 * <p>A tenant the file does not name (the {@code default} tenant, or one an OIDC token names) is
 * accepted and gets the {@code defaults} policy and entitlements under its own id.
 *
 * @param path the file it was read from, or {@code null} when the server runs without one
 * @param tenants the named tenants' scheduling policies
 * @param defaults the scheduling policy of every tenant not in {@code tenants}
 * @param entitlements the named tenants' entitlements
 * @param defaultEntitlements the entitlements of every tenant not in {@code entitlements}
 * @param principals the declared principals by id, each with {@link
 *     io.medulla.tenancy.AuthMethod#API_KEY} as a placeholder: the authenticator that proves one
 *     sets the real method with {@link Principal#withMethod}
 * @param certificateSubjects client certificate subjects (RFC 2253 form) to the id of the principal
 *     they identify
 * @param breakGlassMax the longest break-glass session
 */
public record TenantsFile(
    @Nullable Path path,
    Map<TenantId, TenantPolicy> tenants,
    TenantPolicy defaults,
    Map<TenantId, Entitlements> entitlements,
    Entitlements defaultEntitlements,
    Map<String, Principal> principals,
    Map<String, String> certificateSubjects,
    Duration breakGlassMax) {
  /** Creates a tenants configuration; every key must map to its own tenant's or principal's. */
  public TenantsFile {
    tenants = Map.copyOf(tenants);
    requireNonNull(defaults, "defaults");
    entitlements = Map.copyOf(entitlements);
    requireNonNull(defaultEntitlements, "defaultEntitlements");
    principals = Map.copyOf(principals);
    requireNonNull(breakGlassMax, "breakGlassMax");
    tenants.forEach(
        (id, p) -> check(id.equals(p.tenant()), "tenants: " + id + " maps to " + p.tenant()));
    entitlements.forEach(
        (id, e) -> check(id.equals(e.tenant()), "entitlements: " + id + " maps to " + e.tenant()));
    principals.forEach(
        (id, p) -> check(id.equals(p.id()), "principals: " + id + " maps to " + p.id()));
    Map<String, String> subjects = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : certificateSubjects.entrySet()) {
      String normal =
          CertificateSubjects.normalise(e.getKey())
              .orElseThrow(() -> new IllegalArgumentException("certificateSubjects: bad DN"));
      check(principals.containsKey(e.getValue()), "certificateSubjects: no such principal");
      check(
          subjects.put(normal, e.getValue()) == null, "certificateSubjects: " + normal + " twice");
    }
    certificateSubjects = Map.copyOf(subjects);
    check(breakGlassMax.isPositive(), "breakGlassMax: " + breakGlassMax + " (expected: positive)");
  }

  /**
   * Creates a configuration with scheduling policies only: every tenant entitled to everything, no
   * principals, the default break-glass limit.
   */
  public TenantsFile(
      @Nullable Path path, Map<TenantId, TenantPolicy> tenants, TenantPolicy defaults) {
    this(
        path,
        tenants,
        defaults,
        Map.of(),
        Entitlements.unrestricted(TenantId.DEFAULT),
        Map.of(),
        Map.of(),
        BreakGlassSessions.DEFAULT_MAX);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Returns the configuration without a file: every tenant has weight 1 and no limits. */
  public static TenantsFile none() {
    return new TenantsFile(null, Map.of(), TenantPolicy.defaults(TenantId.DEFAULT));
  }

  /**
   * Reads and validates a tenants file.
   *
   * @throws IllegalArgumentException if the file cannot be read, is not valid YAML, has an unknown
   *     key or a bad value; the message names the file, the tenant or principal, and the field
   */
  public static TenantsFile load(Path path) {
    return TenantsFileParser.parse(requireNonNull(path, "path"));
  }

  /** Returns the lookup the schedulers use. */
  public TenantPolicies policies() {
    return TenantPolicies.of(tenants, defaults);
  }

  /** Returns the authorisation policy: the tenants' entitlements, deny-by-default roles. */
  public AccessPolicy accessPolicy() {
    return new AccessPolicy(entitlements, defaultEntitlements);
  }

  /**
   * Returns the principal a verified client certificate with subject {@code dn} identifies, if any.
   * Subjects compare in RFC 2253 form, so spacing and keyword case do not matter; attribute values
   * compare exactly.
   */
  public Optional<Principal> principalByCertificateSubject(String dn) {
    return CertificateSubjects.normalise(requireNonNull(dn, "dn"))
        .map(certificateSubjects::get)
        .map(principals::get);
  }

  /** Returns whether the server was given a tenants file. */
  public boolean isConfigured() {
    return path != null;
  }
}
