package io.medulla.server;

import io.medulla.inference.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Configurations for tests that exercise something other than authentication: loopback requests
 * without credentials act as the {@code default} tenant's anonymous principal (inference and
 * operator), as {@code --anonymous-loopback-tenant default} makes them.
 */
final class LocalTrial {
  private LocalTrial() {}

  /** Returns the default configuration on free ports, open to anonymous loopback callers. */
  static ServerConfig config(Path repository) {
    return builder(repository).build();
  }

  /** Returns a builder like {@link #config}'s. */
  static ServerConfigBuilder builder(Path repository) {
    return ServerConfig.builder(repository)
        .ports(0, 0, 0)
        .authentication(AuthenticationSettings.anonymousLoopback(TenantId.DEFAULT))
        .audit(temporaryAudit());
  }

  /**
   * Returns audit settings whose data directory (store, key, secret) is a new temporary folder, so
   * that tests never write into the source tree.
   */
  static AuditSettings temporaryAudit() {
    try {
      return AuditSettings.inDirectory(Files.createTempDirectory("medulla-audit-test"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
