package io.medulla.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Parses the tenants file's {@code principals} list, after its tenants: each principal belongs to a
 * declared tenant (or {@code default}), holds at least one role, and names a client certificate
 * subject no other principal names.
 */
final class PrincipalsParser {
  /** Principal ids appear in logs, metrics and audit records: a short, plain alphabet. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private static final List<String> KEYS =
      List.of("id", "tenant", "roles", "acts_for", "break_glass", "certificate_subject");
  private static final String ROLE_NAMES =
      Arrays.stream(Role.values()).map(Role::wireName).collect(Collectors.joining(", "));

  private final TenantsFileNodes nodes;
  private final Set<TenantId> declared;
  private final Map<String, Principal> principals = new LinkedHashMap<>();
  private final Map<String, String> certificateSubjects = new LinkedHashMap<>();

  PrincipalsParser(TenantsFileNodes nodes, Set<TenantId> declared) {
    this.nodes = nodes;
    this.declared = Set.copyOf(declared);
  }

  Map<String, Principal> principals() {
    return principals;
  }

  /** Returns each certificate subject, normalised, to its principal's id. */
  Map<String, String> certificateSubjects() {
    return certificateSubjects;
  }

  void parse(JsonNode list) {
    if (!list.isArray()) {
      throw nodes.fail("principals: expected a list of principals, each with an 'id'");
    }
    for (int i = 0; i < list.size(); i++) {
      principal(list.get(i), i);
    }
  }

  private void principal(JsonNode node, int index) {
    String at = "principals[" + index + "]: ";
    if (!node.isObject()) {
      throw nodes.fail(at + "expected a mapping with 'id', 'tenant' and 'roles'");
    }
    String id = nodes.text(node, "id", "the principal's id", at);
    if (!ID.matcher(id).matches()) {
      throw nodes.fail(
          at + "id: '" + id + "' (expected: 1 to 64 letters, digits, '.', '_', '@' or '-')");
    }
    String where = "principal '" + id + "': ";
    if (principals.containsKey(id)) {
      throw nodes.fail(where + "listed twice (expected: each id once)");
    }
    nodes.checkKeys(node, KEYS, where);
    TenantId tenant = new TenantId(nodes.text(node, "tenant", "a tenant id", where));
    if (!tenant.equals(TenantId.DEFAULT) && !declared.contains(tenant)) {
      throw nodes.fail(
          where + "tenant: '" + tenant + "' is not in 'tenants' (expected: a declared tenant)");
    }
    Set<Role> roles = roles(node, where);
    Set<TenantId> actsFor = actsFor(node, roles, where);
    boolean breakGlass = nodes.bool(node, "break_glass", where);
    subject(node, id, where);
    principals.put(id, new Principal(id, tenant, roles, actsFor, breakGlass, AuthMethod.API_KEY));
  }

  private Set<Role> roles(JsonNode node, String where) {
    @Nullable List<String> names = nodes.strings(node, "roles", "role", where);
    if (names == null || names.isEmpty()) {
      throw nodes.fail(where + "roles: missing (expected: at least one of " + ROLE_NAMES + ")");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      Optional<Role> role = Role.fromName(name);
      if (role.isEmpty()) {
        throw nodes.fail(
            where + "roles: '" + name + "' is not a role (expected one of: " + ROLE_NAMES + ")");
      }
      if (!roles.add(role.get())) {
        throw nodes.fail(where + "roles: '" + name + "' listed twice");
      }
    }
    return roles;
  }

  private Set<TenantId> actsFor(JsonNode node, Set<Role> roles, String where) {
    @Nullable List<String> names = nodes.strings(node, "acts_for", "tenant id", where);
    if (names == null) {
      return Set.of();
    }
    if (!roles.contains(Role.GATEWAY)) {
      throw nodes.fail(
          where + "acts_for: only a principal with the 'gateway' role acts for others");
    }
    Set<TenantId> out = new LinkedHashSet<>();
    for (String name : names) {
      TenantId t = new TenantId(name);
      if (!declared.contains(t)) {
        throw nodes.fail(
            where + "acts_for: '" + name + "' is not in 'tenants' (expected: a declared tenant)");
      }
      out.add(t);
    }
    return out;
  }

  private void subject(JsonNode node, String id, String where) {
    if (node.get("certificate_subject") == null) {
      return;
    }
    String dn =
        nodes.text(node, "certificate_subject", "a distinguished name such as \"CN=x,O=y\"", where);
    Optional<String> normal = CertificateSubjects.normalise(dn);
    if (normal.isEmpty()) {
      throw nodes.fail(
          where + "certificate_subject: not a distinguished name (expected: such as \"CN=x,O=y\")");
    }
    @Nullable String other = certificateSubjects.putIfAbsent(normal.get(), id);
    if (other != null) {
      throw nodes.fail(
          where + "certificate_subject: also the subject of principal '" + other + "'");
    }
  }
}
