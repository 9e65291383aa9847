package io.medulla.server;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where and how the audit trail is written. docs/AUDIT.md describes each setting.
 *
 * @param enabled false only with {@code --no-audit}: for benchmarks, never for clinical use
 * @param dataDir {@code --data-dir}: where the default store, signing key and secret live
 * @param storeUrl {@code --audit-store}: the JDBC URL of the store
 * @param signingKey {@code --audit-signing-key}: the Ed25519 checkpoint key (created if absent)
 * @param secret {@code --audit-secret}: the secret of the keyed input digests (created if absent)
 * @param failOpen {@code --audit-fail-open}: release responses without a durable record when the
 *     store cannot be written; loudly warned
 * @param checkpointEvery {@code --audit-checkpoint-every}: records between signed checkpoints
 * @param nodeId {@code --node-id}: this node's chain
 * @param retentionDays {@code --audit-retention-days}: how long records are kept
 */
public record AuditSettings(
    boolean enabled,
    Path dataDir,
    String storeUrl,
    Path signingKey,
    Path secret,
    boolean failOpen,
    int checkpointEvery,
    String nodeId,
    int retentionDays) {
  /** The default data directory, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of("medulla-data");

  /** The default number of records between checkpoints. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 1000;

  /** The default retention: six years, counting leap days. */
  public static final int DEFAULT_RETENTION_DAYS = 2192;

  /** The node id used when none is given and the host name cannot be used. */
  public static final String FALLBACK_NODE_ID = "node-1";

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Creates settings; validates every field. */
  public AuditSettings {
    requireNonNull(dataDir, "dataDir");
    requireNonNull(storeUrl, "storeUrl");
    requireNonNull(signingKey, "signingKey");
    requireNonNull(secret, "secret");
    requireNonNull(nodeId, "nodeId");
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException(
          "--audit-checkpoint-every: " + checkpointEvery + " (expected: > 0)");
    }
    if (retentionDays < 1) {
      throw new IllegalArgumentException(
          "--audit-retention-days: " + retentionDays + " (expected: > 0)");
    }
    if (!NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException(
          "--node-id: expected 1 to 64 letters, digits, '.', '_' or '-'");
    }
  }

  /**
   * Returns the defaults for data directory {@code dataDir}: SQLite store, key and secret there.
   */
  public static AuditSettings inDirectory(Path dataDir) {
    return new AuditSettings(
        true,
        dataDir,
        "jdbc:sqlite:" + dataDir.resolve("audit.db"),
        dataDir.resolve("audit-signing-key.pem"),
        dataDir.resolve("audit-secret"),
        false,
        DEFAULT_CHECKPOINT_EVERY,
        FALLBACK_NODE_ID,
        DEFAULT_RETENTION_DAYS);
  }

  /** Returns the defaults in {@link #DEFAULT_DATA_DIR}. */
  public static AuditSettings defaults() {
    return inDirectory(DEFAULT_DATA_DIR);
  }

  /** Returns a copy with another store URL. */
  public AuditSettings withStore(String url) {
    return new AuditSettings(
        enabled,
        dataDir,
        url,
        signingKey,
        secret,
        failOpen,
        checkpointEvery,
        nodeId,
        retentionDays);
  }

  /** Returns a copy that fails open ({@code true}) or closed. */
  public AuditSettings withFailOpen(boolean value) {
    return new AuditSettings(
        enabled,
        dataDir,
        storeUrl,
        signingKey,
        secret,
        value,
        checkpointEvery,
        nodeId,
        retentionDays);
  }

  /** Returns a copy without an audit trail ({@code --no-audit}: benchmarks only). */
  public AuditSettings disabled() {
    return new AuditSettings(
        false,
        dataDir,
        storeUrl,
        signingKey,
        secret,
        failOpen,
        checkpointEvery,
        nodeId,
        retentionDays);
  }

  /**
   * Returns a node id derived from the host name (lower case, unsupported characters replaced), or
   * {@value #FALLBACK_NODE_ID} when it cannot be found.
   */
  public static String hostNodeId() {
    try {
      String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
      String id = host.replaceAll("[^a-z0-9._-]", "-");
      if (id.length() > 64) {
        id = id.substring(0, 64);
      }
      return NODE_ID.matcher(id).matches() ? id : FALLBACK_NODE_ID;
    } catch (UnknownHostException | SecurityException e) {
      return FALLBACK_NODE_ID;
    }
  }
}
