package io.medulla.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.medulla.inference.TenantId;
import io.medulla.protocol.TenantHeader;
import io.medulla.tenancy.TenantPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses a tenants file strictly: an unknown key, a duplicate key or tenant, or a value of the
 * wrong type or range is an error naming the file, the tenant and the field. Nothing is ignored
 * silently, so that a misspelt limit never goes unnoticed, and so that later keys (model and
 * priority entitlements) can be added without old files changing meaning.
 */
final class TenantsFileParser {
  /** The largest weight: a share ratio beyond 10,000 to 1 is a typing mistake, not a policy. */
  static final int MAX_WEIGHT = 10_000;

  private static final Set<String> TOP_KEYS = Set.of("tenants", "defaults");
  private static final List<String> POLICY_KEYS =
      List.of("weight", "max_queued", "max_in_flight", "requests_per_second");
  private static final List<String> TENANT_KEYS =
      List.of("id", "weight", "max_queued", "max_in_flight", "requests_per_second");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final String file;

  private TenantsFileParser(Path path) {
    this.file = "tenants file " + path;
  }

  static TenantsFile parse(Path path) {
    TenantsFileParser parser = new TenantsFileParser(path);
    return parser.file(parser.read(path), path);
  }

  private JsonNode read(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      @Nullable JsonNode root = YAML.readTree(in);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw fail("is empty (expected: a mapping with 'tenants' and optionally 'defaults')");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw fail("does not exist");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw fail("is not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw fail("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private TenantsFile file(JsonNode root, Path path) {
    if (!root.isObject()) {
      throw fail("expected a mapping with 'tenants' and optionally 'defaults'");
    }
    checkKeys(root, TOP_KEYS.stream().sorted().toList(), "");
    @Nullable JsonNode defaultsNode = root.get("defaults");
    TenantPolicy defaults =
        defaultsNode == null
            ? TenantPolicy.defaults(TenantId.DEFAULT)
            : policy(defaultsNode, TenantId.DEFAULT, POLICY_KEYS, "defaults: ");
    Map<TenantId, TenantPolicy> tenants = new LinkedHashMap<>();
    @Nullable JsonNode list = root.get("tenants");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw fail("tenants: expected a list of tenants, each with an 'id'");
      }
      for (int i = 0; i < list.size(); i++) {
        TenantPolicy p = tenant(list.get(i), i);
        if (tenants.putIfAbsent(p.tenant(), p) != null) {
          throw fail("tenant '" + p.tenant() + "': listed twice (expected: each id once)");
        }
      }
    }
    return new TenantsFile(path, tenants, defaults);
  }

  private TenantPolicy tenant(JsonNode node, int index) {
    String where = "tenants[" + index + "]: ";
    if (!node.isObject()) {
      throw fail(where + "expected a mapping with 'id' and the tenant's weight and limits");
    }
    @Nullable JsonNode idNode = node.get("id");
    if (idNode == null || idNode.isNull()) {
      throw fail(where + "id: missing (expected: the tenant's id)");
    }
    if (!idNode.isTextual()) {
      throw fail(where + "id: " + idNode + " is not a string (expected: a tenant id; quote it)");
    }
    String id = idNode.asText();
    if (!TenantHeader.isWellFormed(id)) {
      throw fail(where + "id: '" + id + "' (expected: 1 to 64 letters, digits, '.', '_' or '-')");
    }
    return policy(node, new TenantId(id), TENANT_KEYS, "tenant '" + id + "': ");
  }

  private TenantPolicy policy(JsonNode node, TenantId tenant, List<String> keys, String where) {
    if (!node.isObject()) {
      throw fail(where + "expected a mapping of " + String.join(", ", POLICY_KEYS));
    }
    checkKeys(node, keys, where);
    return new TenantPolicy(
        tenant,
        integer(node, "weight", 1, MAX_WEIGHT, 1, where),
        integer(node, "max_queued", 0, Integer.MAX_VALUE, 0, where),
        integer(node, "max_in_flight", 0, Integer.MAX_VALUE, 0, where),
        rate(node, where));
  }

  private void checkKeys(JsonNode node, List<String> known, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw fail(
            where
                + "unknown key '"
                + name
                + "' (expected one of: "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  private int integer(JsonNode node, String key, int min, int max, int absent, String where) {
    @Nullable JsonNode v = node.get(key);
    if (v == null) {
      return absent;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw fail(
          where + key + ": " + v + " (expected: an integer from " + min + " to " + max + ")");
    }
    return v.asInt();
  }

  private double rate(JsonNode node, String where) {
    @Nullable JsonNode v = node.get("requests_per_second");
    if (v == null) {
      return 0;
    }
    if (!v.isNumber() || !(v.asDouble() >= 0) || Double.isInfinite(v.asDouble())) {
      throw fail(
          where + "requests_per_second: " + v + " (expected: a number >= 0; 0 means no limit)");
    }
    return v.asDouble();
  }

  private IllegalArgumentException fail(String problem) {
    return new IllegalArgumentException(file + ": " + problem);
  }
}
