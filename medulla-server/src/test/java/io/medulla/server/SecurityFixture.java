package io.medulla.server;

import io.medulla.security.ApiKeys;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenants file with a principal for every role, and a real API key file with one key each, for
 * tests that exercise the server's security as a deployment would configure it.
 *
 * <p>Tenants: {@code st-marys} (every example model but {@code string_identity}, at most urgent
 * priority), {@code northside} (only {@code simple}), {@code vendor} and {@code platform}.
 */
final class SecurityFixture {
  static final String TENANTS =
      """
      tenants:
        - id: st-marys
          models: [simple, mlp_classifier, identity_fp32]
          max_priority: urgent
        - id: northside
          models: [simple]
        - id: vendor
          models: [simple]
        - id: platform
          models: []
      principals:
        - id: ris
          tenant: st-marys
          roles: [inference]
        - id: dr-grey
          tenant: st-marys
          roles: [inference]
          break_glass: true
        - id: northside-app
          tenant: northside
          roles: [inference]
        - id: portal
          tenant: vendor
          roles: [inference, gateway]
          acts_for: [st-marys, northside]
        - id: ops
          tenant: platform
          roles: [operator]
        - id: auditor
          tenant: platform
          roles: [auditor]
        - id: admin
          tenant: platform
          roles: [admin]
        - id: revoked-app
          tenant: northside
          roles: [inference]
        - id: device
          tenant: northside
          roles: [inference]
          certificate_subject: "CN=alice,O=st-marys"
      break_glass: { max_minutes: 30 }
      """;

  static final List<String> PRINCIPALS =
      List.of(
          "ris", "dr-grey", "northside-app", "portal", "ops", "auditor", "admin", "revoked-app");

  final Path tenantsFile;
  final Path keysFile;
  final ApiKeys keys;
  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, String> keyIds = new HashMap<>();

  SecurityFixture(Path dir) {
    try {
      tenantsFile = Files.writeString(dir.resolve("tenants.yaml"), TENANTS);
      keysFile = dir.resolve("keys.json");
      keys = ApiKeys.open(keysFile, WallClock.system());
      for (String principal : PRINCIPALS) {
        ApiKeys.CreatedKey key = keys.create(principal, "test");
        tokens.put(principal, key.plaintext());
        keyIds.put(principal, key.keyId());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes principal {@code device} the one a client certificate with {@code subject} proves. */
  void identifyDeviceBy(String subject) {
    try {
      Files.writeString(
          tenantsFile, TENANTS.replace("CN=alice,O=st-marys", subject.replace("\"", "\\\"")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the configuration: loopback, free ports, the tenants file and API keys. */
  ServerConfigBuilder config(Path repository) {
    return ServerConfig.builder(repository)
        .ports(0, 0, 0)
        .tenants(TenantsFile.load(tenantsFile))
        .authentication(
            AuthenticationSettings.none().withApiKeys(keysFile).withFailureBurst(10_000))
        .audit(LocalTrial.temporaryAudit());
  }

  /** Returns the {@code Authorization} value of {@code principal}'s key. */
  String bearer(String principal) {
    return "Bearer " + token(principal);
  }

  String token(String principal) {
    String token = tokens.get(principal);
    if (token == null) {
      throw new IllegalArgumentException("no key for " + principal);
    }
    return token;
  }

  String keyId(String principal) {
    return keyIds.get(principal);
  }
}
