package io.medulla.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Copies one model folder of a repository under other names into another repository, so that each
 * copy is a model of its own whose first request finds it unloaded. The copy's {@code config.pbtxt}
 * gets its new name and, when asked, a declared footprint ({@code medulla.memory_bytes}) so that a
 * memory budget fits a known number of copies.
 */
final class ModelCopies {
  private static final Pattern NAME_LINE =
      Pattern.compile("^name:\\s*\"[^\"]*\"", Pattern.MULTILINE);

  private ModelCopies() {}

  /**
   * Copies {@code source/model} to {@code target/<name>} for each name.
   *
   * @param declaredBytes the footprint declared in each copy's config, as byte-size text (such as
   *     {@code "64 MiB"}); empty declares none
   * @throws IllegalArgumentException when the source has no {@code config.pbtxt}
   */
  static void copy(
      Path source, String model, Path target, List<String> names, String declaredBytes) {
    Path from = source.resolve(model);
    Path config = from.resolve("config.pbtxt");
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException(
          "--model: " + model + " has no config.pbtxt in " + source.toAbsolutePath());
    }
    try {
      String text = Files.readString(config, StandardCharsets.UTF_8);
      for (String name : names) {
        Path to = target.resolve(name);
        copyTree(from, to);
        Files.writeString(
            to.resolve("config.pbtxt"),
            configFor(text, name, declaredBytes),
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy model '" + model + "'", e);
    }
  }

  /**
   * Returns {@code config} renamed to {@code name}, declaring {@code declaredBytes} if not empty.
   */
  static String configFor(String config, String name, String declaredBytes) {
    Matcher m = NAME_LINE.matcher(config);
    String renamed =
        m.find()
            ? m.replaceFirst(Matcher.quoteReplacement("name: \"" + name + "\""))
            : "name: \"" + name + "\"\n" + config;
    if (declaredBytes.isEmpty()) {
      return renamed;
    }
    return renamed
        + "\nparameters { key: \"medulla.memory_bytes\" value: { string_value: \""
        + declaredBytes
        + "\" } }\n";
  }

  /** Deletes {@code dir} and everything in it; what cannot be deleted is left. */
  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Left for the system's temporary-file cleanup: the copies are small.
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
