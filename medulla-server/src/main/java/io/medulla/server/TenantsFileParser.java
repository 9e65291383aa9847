package io.medulla.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.medulla.inference.TenantId;
import io.medulla.protocol.TenantHeader;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.tenancy.BreakGlassSessions;
import io.medulla.tenancy.Entitlements;
import io.medulla.tenancy.TenantPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Parses a tenants file strictly: an unknown key, a duplicate key, tenant or principal, or a value
 * of the wrong type or range is an error naming the file, the tenant or principal, and the field.
 * Nothing is ignored silently, so that a misspelt limit or role never goes unnoticed, and so that
 * later keys can be added without old files changing meaning.
 */
final class TenantsFileParser {
  /** The largest weight: a share ratio beyond 10,000 to 1 is a typing mistake, not a policy. */
  static final int MAX_WEIGHT = 10_000;

  /** The longest break-glass session the file may allow: a day; longer is not an emergency. */
  static final int MAX_BREAK_GLASS_MINUTES = 24 * 60;

  private static final List<String> TOP_KEYS =
      List.of("break_glass", "defaults", "principals", "tenants");
  private static final List<String> POLICY_KEYS =
      List.of(
          "weight",
          "max_queued",
          "max_in_flight",
          "requests_per_second",
          "models",
          "max_priority",
          "approved_versions_only");
  private static final List<String> TENANT_KEYS =
      Stream.concat(Stream.of("id"), POLICY_KEYS.stream()).toList();
  private static final List<String> BREAK_GLASS_KEYS = List.of("max_minutes");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final TenantsFileNodes nodes;

  /** A tenant's (or the defaults') scheduling policy and entitlements. */
  private record Entry(TenantPolicy policy, Entitlements entitlements) {}

  private TenantsFileParser(Path path) {
    this.nodes = new TenantsFileNodes("tenants file " + path);
  }

  static TenantsFile parse(Path path) {
    TenantsFileParser parser = new TenantsFileParser(path);
    return parser.file(parser.read(path), path);
  }

  private JsonNode read(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      @Nullable JsonNode root = YAML.readTree(in);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw nodes.fail("is empty (expected: a mapping with 'tenants' and optionally 'defaults')");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw nodes.fail("does not exist");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw nodes.fail("is not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw nodes.fail("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private TenantsFile file(JsonNode root, Path path) {
    if (!root.isObject()) {
      throw nodes.fail("expected a mapping with 'tenants' and optionally 'defaults'");
    }
    nodes.checkKeys(root, TOP_KEYS, "");
    @Nullable JsonNode defaultsNode = root.get("defaults");
    Entry defaults =
        defaultsNode == null
            ? new Entry(
                TenantPolicy.defaults(TenantId.DEFAULT),
                Entitlements.unrestricted(TenantId.DEFAULT))
            : entry(defaultsNode, TenantId.DEFAULT, POLICY_KEYS, "defaults: ");
    Map<TenantId, TenantPolicy> tenants = new LinkedHashMap<>();
    Map<TenantId, Entitlements> entitlements = new LinkedHashMap<>();
    @Nullable JsonNode list = root.get("tenants");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw nodes.fail("tenants: expected a list of tenants, each with an 'id'");
      }
      for (int i = 0; i < list.size(); i++) {
        Entry e = tenant(list.get(i), i);
        TenantId id = e.policy().tenant();
        if (tenants.putIfAbsent(id, e.policy()) != null) {
          throw nodes.fail("tenant '" + id + "': listed twice (expected: each id once)");
        }
        entitlements.put(id, e.entitlements());
      }
    }
    PrincipalsParser principals = new PrincipalsParser(nodes, tenants.keySet());
    @Nullable JsonNode principalsNode = root.get("principals");
    if (principalsNode != null && !principalsNode.isNull()) {
      principals.parse(principalsNode);
    }
    return new TenantsFile(
        path,
        tenants,
        defaults.policy(),
        entitlements,
        defaults.entitlements(),
        principals.principals(),
        principals.certificateSubjects(),
        breakGlassMax(root.get("break_glass")));
  }

  private Entry tenant(JsonNode node, int index) {
    String where = "tenants[" + index + "]: ";
    if (!node.isObject()) {
      throw nodes.fail(where + "expected a mapping with 'id' and the tenant's weight and limits");
    }
    String id = nodes.text(node, "id", "the tenant's id", where);
    if (!TenantHeader.isWellFormed(id)) {
      throw nodes.fail(
          where + "id: '" + id + "' (expected: 1 to 64 letters, digits, '.', '_' or '-')");
    }
    return entry(node, new TenantId(id), TENANT_KEYS, "tenant '" + id + "': ");
  }

  private Entry entry(JsonNode node, TenantId tenant, List<String> keys, String where) {
    if (!node.isObject()) {
      throw nodes.fail(where + "expected a mapping of " + String.join(", ", POLICY_KEYS));
    }
    nodes.checkKeys(node, keys, where);
    TenantPolicy policy =
        new TenantPolicy(
            tenant,
            nodes.integer(node, "weight", 1, MAX_WEIGHT, 1, where),
            nodes.integer(node, "max_queued", 0, Integer.MAX_VALUE, 0, where),
            nodes.integer(node, "max_in_flight", 0, Integer.MAX_VALUE, 0, where),
            rate(node, where));
    @Nullable List<String> models = nodes.strings(node, "models", "model or graph name", where);
    Entitlements entitlements =
        new Entitlements(
            tenant,
            models == null ? Optional.empty() : Optional.of(Set.copyOf(models)),
            priority(node, where),
            nodes.bool(node, "approved_versions_only", where));
    return new Entry(policy, entitlements);
  }

  private double rate(JsonNode node, String where) {
    @Nullable JsonNode v = node.get("requests_per_second");
    if (v == null) {
      return 0;
    }
    if (!v.isNumber() || !(v.asDouble() >= 0) || Double.isInfinite(v.asDouble())) {
      throw nodes.fail(
          where + "requests_per_second: " + v + " (expected: a number >= 0; 0 means no limit)");
    }
    return v.asDouble();
  }

  private int priority(JsonNode node, String where) {
    @Nullable JsonNode v = node.get("max_priority");
    if (v == null) {
      return ClinicalPriority.STAT.level();
    }
    if (v.isTextual()) {
      Optional<ClinicalPriority> named = ClinicalPriority.fromName(v.asText());
      if (named.isPresent()) {
        return named.get().level();
      }
    } else if (v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1) {
      return v.asInt();
    }
    throw nodes.fail(
        where
            + "max_priority: "
            + v
            + " (expected: stat, urgent, routine, bulk or a priority level from 1; the most urgent"
            + " the tenant may use)");
  }

  private Duration breakGlassMax(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return BreakGlassSessions.DEFAULT_MAX;
    }
    String where = "break_glass: ";
    if (!node.isObject()) {
      throw nodes.fail(where + "expected a mapping of " + String.join(", ", BREAK_GLASS_KEYS));
    }
    nodes.checkKeys(node, BREAK_GLASS_KEYS, where);
    int minutes =
        nodes.integer(
            node,
            "max_minutes",
            1,
            MAX_BREAK_GLASS_MINUTES,
            (int) BreakGlassSessions.DEFAULT_MAX.toMinutes(),
            where);
    return Duration.ofMinutes(minutes);
  }
}
