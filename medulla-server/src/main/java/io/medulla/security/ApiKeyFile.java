package io.medulla.security;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The JSON file behind {@link ApiKeys}. Readers need no lock: every write goes to a temporary file
 * in the same folder that is then renamed over the old one, so a reader sees the old or the new
 * file, never half of one. Writers (a running server, the CLI) take an exclusive lock on a sibling
 * {@code <file>.lock}, re-read the file under it and change what they read, so neither loses the
 * other's changes.
 */
final class ApiKeyFile {
  static final int FORMAT_VERSION = 1;
  private static final long MAX_BYTES = 16L << 20;
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** What identifies one version of the file: a rename gives it a new file key. */
  record Stamp(@Nullable Object fileKey, FileTime modified, long size) {}

  /** The keys as read, and the version of the file they came from ({@code null}: no file). */
  record Contents(Map<String, StoredKey> keys, @Nullable Stamp stamp) {
    Contents {
      keys = Map.copyOf(keys);
    }
  }

  private final Path file;
  private final Path lockFile;

  ApiKeyFile(Path file) {
    this.file = requireNonNull(file, "file").toAbsolutePath();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
  }

  /** Returns the file's current stamp, or {@code null} when it does not exist. */
  @Nullable Stamp stamp() throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Returns the keys in the file; a missing file holds none. */
  Contents read() throws IOException {
    // Stamp first: if the file changes between the two reads, the next check sees a new stamp.
    Stamp stamp = stamp();
    if (stamp == null) {
      return new Contents(Map.of(), null);
    }
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() > MAX_BYTES) {
        throw new IOException("API key file: larger than " + MAX_BYTES + " bytes");
      }
      bytes = new byte[(int) ch.size()];
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // keep reading until full or end of file
      }
    } catch (NoSuchFileException e) {
      return new Contents(Map.of(), null);
    }
    return new Contents(parse(bytes), stamp);
  }

  /**
   * Applies {@code change} to the keys as they are on disk now, under the file lock, writes the
   * result and returns it.
   */
  Contents update(Consumer<Map<String, StoredKey>> change) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel ch =
        FileChannel.open(
            lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly())) {
      FileLock lock = ch.lock();
      try {
        Map<String, StoredKey> keys = new LinkedHashMap<>(read().keys());
        change.accept(keys);
        write(keys);
        // Stamped under the lock: no other writer can have replaced the file since.
        return new Contents(keys, stamp());
      } finally {
        lock.release();
      }
    }
  }

  private void write(Map<String, StoredKey> keys) throws IOException {
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(render(keys));
    Path tmp =
        Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp", ownerOnly());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private FileAttribute<?>[] ownerOnly() {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new FileAttribute<?>[0];
  }

  private static ObjectNode render(Map<String, StoredKey> keys) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", FORMAT_VERSION);
    ArrayNode rows = root.putArray("keys");
    for (StoredKey k : keys.values()) {
      ApiKeyInfo i = k.info();
      ObjectNode row = rows.addObject();
      row.put("id", i.keyId());
      row.put("principal", i.principalId());
      row.put("label", i.label());
      row.put("created", i.created().toString());
      row.put("last_used", i.lastUsed() == null ? null : i.lastUsed().toString());
      row.put("revoked", i.revoked() == null ? null : i.revoked().toString());
      row.put("secret_sha256", k.secretSha256());
    }
    return root;
  }

  private static Map<String, StoredKey> parse(byte[] bytes) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IOException("API key file: not valid JSON", e);
    }
    if (root == null || root.isMissingNode()) {
      return Map.of(); // an empty file, as `touch` leaves it
    }
    if (!root.isObject() || root.path("version").asInt(-1) != FORMAT_VERSION) {
      throw new IOException("API key file: expected an object with \"version\": " + FORMAT_VERSION);
    }
    JsonNode rows = root.path("keys");
    if (!rows.isArray()) {
      throw new IOException("API key file: expected \"keys\" to be a list");
    }
    Map<String, StoredKey> keys = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode row : rows) {
      StoredKey k = parseRow(row, index++);
      if (keys.putIfAbsent(k.info().keyId(), k) != null) {
        throw new IOException("API key file: key " + k.info().keyId() + " appears twice");
      }
    }
    return keys;
  }

  private static StoredKey parseRow(JsonNode row, int index) throws IOException {
    try {
      String id = required(row, "id");
      if (!ApiKeyTokens.isKeyId(id)) {
        throw new IllegalArgumentException("id: not a key id");
      }
      ApiKeyInfo info =
          new ApiKeyInfo(
              id,
              required(row, "principal"),
              optional(row, "label"),
              Instant.parse(required(row, "created")),
              instant(optional(row, "last_used")),
              instant(optional(row, "revoked")));
      return new StoredKey(info, required(row, "secret_sha256"));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IOException("API key file: key #" + index + ": " + e.getMessage(), e);
    }
  }

  private static String required(JsonNode row, String field) {
    String v = optional(row, field);
    if (v == null) {
      throw new IllegalArgumentException(field + ": missing");
    }
    return v;
  }

  private static @Nullable String optional(JsonNode row, String field) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + ": expected a string");
    }
    return v.asText();
  }

  private static @Nullable Instant instant(@Nullable String text) {
    return text == null ? null : Instant.parse(text);
  }
}
