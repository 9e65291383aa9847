package io.medulla.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Writes model folders into a temporary repository. */
final class RepoFiles {
  private RepoFiles() {}

  /** Writes {@code <root>/<name>/config.pbtxt} (unless null) and a model.onnx per version. */
  static void model(Path root, String name, @Nullable String config, long... versions) {
    if (config != null) {
      write(root.resolve(name).resolve("config.pbtxt"), config);
    } else {
      mkdirs(root.resolve(name));
    }
    for (long v : versions) {
      write(
          root.resolve(name).resolve(Long.toString(v)).resolve("model.onnx"),
          "onnx " + name + " " + v);
    }
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
