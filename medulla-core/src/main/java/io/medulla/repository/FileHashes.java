package io.medulla.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Computes SHA-256 digests of model files and folders. */
final class FileHashes {
  private FileHashes() {}

  /**
   * Returns the lower-case hex SHA-256 of a file's bytes; for a folder (a model stored as a
   * directory), of each file's relative path and bytes in path order.
   */
  static String sha256(Path path) throws IOException {
    MessageDigest digest = newDigest();
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(path)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        digest.update(path.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        update(digest, f);
      }
    } else {
      update(digest, path);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Returns the lower-case hex SHA-256 of a string's UTF-8 bytes. */
  static String sha256(String text) {
    return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void update(MessageDigest digest, Path file) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest's Javadoc).
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
