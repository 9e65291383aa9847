package io.medulla.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * A model repository for one test, built from the example models: folders are copied under new
 * names, and their configs renamed and extended (a declared footprint, pinning, a warm-up), so that
 * what the cache sees is deterministic — a measured footprint is not.
 */
final class TestRepository {
  static final Path EXAMPLES = Path.of("..", "examples", "models");

  private final Path root;

  TestRepository(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** Returns the folder of model {@code name}. */
  Path folder(String name) {
    return root.resolve(name);
  }

  /**
   * Copies the example model {@code example} as {@code name}: its config's name becomes {@code
   * name}, and {@code extraConfig} is appended to it.
   */
  TestRepository model(String example, String name, String... extraConfig) {
    Path target = root.resolve(name);
    copyTree(EXAMPLES.resolve(example), target);
    Path config = target.resolve("config.pbtxt");
    try {
      String text = Files.readString(config, StandardCharsets.UTF_8);
      String renamed =
          text.replaceFirst(
              "(?m)^name: \"[^\"]*\"", Matcher.quoteReplacement("name: \"" + name + "\""));
      Files.writeString(
          config, renamed + "\n" + String.join("\n", extraConfig) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Copies example folders (models and graphs) unchanged, under their own names. */
  TestRepository examples(List<String> names) {
    for (String name : names) {
      copyTree(EXAMPLES.resolve(name), root.resolve(name));
    }
    return this;
  }

  /** Writes a file inside model {@code name}'s folder, creating the folders it needs. */
  Path write(String name, String relative, byte[] bytes) {
    Path file = root.resolve(name).resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config parameter that declares a version's footprint, e.g. {@code "100MiB"}. */
  static String memory(String size) {
    return parameter("medulla.memory_bytes", size);
  }

  /** The config parameter that pins a model. */
  static String pinned() {
    return parameter("medulla.pinned", "true");
  }

  private static String parameter(String key, String value) {
    return "parameters { key: \"" + key + "\" value: { string_value: \"" + value + "\" } }";
  }

  /**
   * A warm-up sample for the {@code simple} model's inputs: INPUT0 from {@code warmup/<file>},
   * INPUT1 zeros.
   */
  static String simpleWarmupFromFile(String file) {
    return "model_warmup {\n"
        + "  name: \"from_file\"\n"
        + "  batch_size: 1\n"
        + "  inputs { key: \"INPUT0\" value: { data_type: TYPE_INT32 dims: [ 16 ]"
        + " input_data_file: \""
        + file
        + "\" } }\n"
        + "  inputs { key: \"INPUT1\" value: { data_type: TYPE_INT32 dims: [ 16 ]"
        + " zero_data: true } }\n"
        + "}";
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
