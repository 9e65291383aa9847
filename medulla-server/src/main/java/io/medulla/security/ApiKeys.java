package io.medulla.security;

import static java.util.Objects.requireNonNull;

import io.medulla.time.WallClock;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The API keys of one deployment, kept in a JSON file that a running server and the {@code medulla
 * keys} command share. A key reads {@code mdk_<keyId>_<secret>}; the file holds only the key id and
 * SHA-256 of the 256-bit random secret, so the plaintext exists once, in {@link #create}'s answer.
 *
 * <p>Thread-safe. {@link #verify} reads an in-memory snapshot and never does I/O; it notes the time
 * of use in memory, and {@link #flushLastUse} writes those times. A server calls {@link
 * #reloadIfChanged} and {@link #flushLastUse} periodically on a background thread, so that keys the
 * CLI creates or revokes take effect within one period. Every write locks the file and re-reads it
 * first, so writers never lose each other's changes. One instance per file per process: two in the
 * same process writing at the same moment make one of them fail with {@link
 * java.nio.channels.OverlappingFileLockException}.
 */
public final class ApiKeys {
  private static final int MAX_PRINCIPAL_LENGTH = 128;
  private static final int MAX_LABEL_LENGTH = 128;

  /**
   * A newly made key.
   *
   * @param keyId its public id
   * @param plaintext the whole key, {@code mdk_<keyId>_<secret>}: shown to the operator once and
   *     then forgotten; never logged
   */
  public record CreatedKey(String keyId, String plaintext) {
    /** Creates the record. */
    public CreatedKey {
      requireNonNull(keyId, "keyId");
      requireNonNull(plaintext, "plaintext");
    }

    @Override
    public String toString() {
      return "CreatedKey[keyId=" + keyId + ", plaintext=(hidden)]";
    }
  }

  private final ApiKeyFile file;
  private final WallClock clock;
  private final SecureRandom random = new SecureRandom();
  private final Object writeLock = new Object();
  private final Map<String, Instant> unflushedUse = new ConcurrentHashMap<>();
  private volatile ApiKeyFile.Contents contents;

  private ApiKeys(ApiKeyFile file, WallClock clock, ApiKeyFile.Contents contents) {
    this.file = file;
    this.clock = clock;
    this.contents = contents;
  }

  /**
   * Returns the store kept in {@code file}. A missing file is an empty store; the file (mode 0600
   * where the file system is POSIX) and its folder are created on the first write.
   *
   * @throws IOException if the file cannot be read or is not a key file
   */
  public static ApiKeys open(Path file, WallClock clock) throws IOException {
    requireNonNull(clock, "clock");
    ApiKeyFile f = new ApiKeyFile(file);
    return new ApiKeys(f, clock, f.read());
  }

  /**
   * Makes a key for {@code principalId} and writes it to the file; returns it with its plaintext,
   * which is not kept anywhere.
   *
   * @param label what the operator will recognise the key by, or {@code null}
   */
  public CreatedKey create(String principalId, @Nullable String label) throws IOException {
    checkText("principal", principalId, MAX_PRINCIPAL_LENGTH);
    String cleanLabel = label == null || label.isBlank() ? null : label.strip();
    if (cleanLabel != null) {
      checkText("label", cleanLabel, MAX_LABEL_LENGTH);
    }
    byte[] secret = ApiKeyTokens.newSecret(random);
    String hash = ApiKeyTokens.sha256Hex(secret);
    Instant now = clock.now();
    String[] id = new String[1];
    synchronized (writeLock) {
      contents =
          file.update(
              keys -> {
                String keyId;
                do {
                  keyId = ApiKeyTokens.newKeyId(random);
                } while (keys.containsKey(keyId));
                id[0] = keyId;
                keys.put(
                    keyId,
                    new StoredKey(
                        new ApiKeyInfo(keyId, principalId, cleanLabel, now, null, null), hash));
              });
    }
    String keyId = requireNonNull(id[0]);
    return new CreatedKey(keyId, ApiKeyTokens.format(keyId, secret));
  }

  /** Returns every key, live and revoked, oldest first; never secrets or hashes. */
  public List<ApiKeyInfo> list() {
    List<ApiKeyInfo> out = new ArrayList<>();
    for (StoredKey k : contents.keys().values()) {
      ApiKeyInfo info = k.info();
      Instant used = unflushedUse.get(info.keyId());
      out.add(used == null ? info : info.withLastUsed(later(info.lastUsed(), used)));
    }
    out.sort(Comparator.comparing(ApiKeyInfo::created).thenComparing(ApiKeyInfo::keyId));
    return List.copyOf(out);
  }

  /**
   * Revokes the key {@code keyId} from now on; returns {@code false} when there is no such key.
   * Revoking a revoked key keeps its first revocation time.
   */
  public boolean revoke(String keyId) throws IOException {
    requireNonNull(keyId, "keyId");
    boolean[] found = new boolean[1];
    Instant now = clock.now();
    synchronized (writeLock) {
      contents =
          file.update(
              keys -> {
                StoredKey k = keys.get(keyId);
                found[0] = k != null;
                if (k != null && !k.info().isRevoked()) {
                  keys.put(keyId, new StoredKey(k.info().withRevoked(now), k.secretSha256()));
                }
              });
    }
    return found[0];
  }

  /**
   * Returns the principal id of the key {@code presentedToken} if it exists, is not revoked and its
   * secret matches; empty for anything else, malformed tokens included. Does no I/O.
   */
  public Optional<String> verify(String presentedToken) {
    Optional<ApiKeyTokens.Parsed> parsed = ApiKeyTokens.parse(presentedToken);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    String keyId = parsed.get().keyId;
    StoredKey k = contents.keys().get(keyId);
    if (k == null || k.info().isRevoked()) {
      return Optional.empty();
    }
    byte[] presented = ApiKeyTokens.sha256(parsed.get().secret);
    byte[] expected = HexFormat.of().parseHex(k.secretSha256());
    if (!MessageDigest.isEqual(presented, expected)) {
      return Optional.empty();
    }
    unflushedUse.merge(keyId, clock.now(), ApiKeys::later);
    return Optional.of(k.info().principalId());
  }

  /**
   * Re-reads the file if it changed since it was last read or written (a cheap check of its
   * identity, time and size); keeps the keys it has if the new file cannot be read.
   *
   * @throws IOException if the file changed and cannot be read; the old keys stay in force
   */
  public void reloadIfChanged() throws IOException {
    ApiKeyFile.Stamp now = file.stamp();
    if (Objects.equals(now, contents.stamp())) {
      return;
    }
    synchronized (writeLock) {
      contents = file.read();
    }
  }

  /**
   * Writes the last-use times noted by {@link #verify} since the last flush; does nothing when
   * there are none. Keys revoked or removed meanwhile keep what the file says.
   */
  public void flushLastUse() throws IOException {
    if (unflushedUse.isEmpty()) {
      return;
    }
    Map<String, Instant> batch = Map.copyOf(unflushedUse);
    synchronized (writeLock) {
      contents =
          file.update(
              keys ->
                  batch.forEach(
                      (keyId, used) -> {
                        StoredKey k = keys.get(keyId);
                        if (k != null) {
                          ApiKeyInfo i = k.info();
                          keys.put(
                              keyId,
                              new StoredKey(
                                  i.withLastUsed(later(i.lastUsed(), used)), k.secretSha256()));
                        }
                      }));
    }
    // Keep any use noted while writing: only the times that were written are dropped.
    batch.forEach((keyId, used) -> unflushedUse.remove(keyId, used));
  }

  /**
   * Returns the key id of a token in the API key format, whether or not such a key exists; empty
   * for anything else. The id is public: safe to log and to key rate limits on.
   */
  public static Optional<String> keyIdOf(String token) {
    return ApiKeyTokens.parse(token).map(p -> p.keyId);
  }

  private static Instant later(@Nullable Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private static void checkText(String what, String value, int maxLength) {
    requireNonNull(value, what);
    if (value.isBlank() || value.length() > maxLength) {
      throw new IllegalArgumentException(
          what + ": expected 1 to " + maxLength + " characters, not blank");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(what + ": control characters are not allowed");
    }
  }
}
