package io.medulla.repository;

import io.medulla.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the model folders of a repository ({@code <root>/<model>/config.pbtxt}, {@code
 * <root>/<model>/<version>/...}) and stamps their files by size and modification time, so that a
 * poll can tell what changed without reading model files. Hidden entries (names starting with a
 * dot) are skipped; non-numeric folders inside a model folder are not versions.
 */
final class RepositoryScanner {
  static final String CONFIG_FILE = "config.pbtxt";

  private static final Logger logger = LoggerFactory.getLogger(RepositoryScanner.class);

  private final Path root;

  RepositoryScanner(Path root) {
    this.root = root;
  }

  /**
   * Returns the model folder names, sorted; graph folders are left out.
   *
   * @throws ModelLoadException when the repository root cannot be listed
   */
  List<String> modelNames() {
    return folders().stream().filter(n -> !isGraph(n)).toList();
  }

  /**
   * Returns the graph folder names, sorted: folders with a {@code graph.yaml}, or with a {@code
   * config.pbtxt} whose platform is {@code ensemble}.
   *
   * @throws ModelLoadException when the repository root cannot be listed
   */
  List<String> graphNames() {
    return folders().stream().filter(this::isGraph).toList();
  }

  /**
   * Reads a graph folder's file.
   *
   * @throws ModelLoadException naming the folder when it cannot be read
   */
  GraphSource graph(String name) {
    Path dir = root.resolve(name);
    Path yaml = dir.resolve(GraphSource.GRAPH_FILE);
    boolean isYaml = Files.isRegularFile(yaml);
    String file = name + "/" + (isYaml ? GraphSource.GRAPH_FILE : CONFIG_FILE);
    try {
      return new GraphSource(
          name,
          file,
          Files.readString(isYaml ? yaml : dir.resolve(CONFIG_FILE), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelLoadException(
          file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private boolean isGraph(String name) {
    Path dir = root.resolve(name);
    if (Files.isRegularFile(dir.resolve(GraphSource.GRAPH_FILE))) {
      return true;
    }
    Path config = dir.resolve(CONFIG_FILE);
    try {
      return Files.isRegularFile(config)
          && EnsembleConfigReader.isEnsemble(
              name + "/" + CONFIG_FILE, Files.readString(config, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return false; // the model load reports an unreadable config
    }
  }

  private List<String> folders() {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ModelLoadException(
          "the model repository cannot be listed (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Returns whether a model folder exists. */
  boolean exists(String name) {
    return !name.isEmpty()
        && !name.startsWith(".")
        && !name.contains("/")
        && !name.contains("\\")
        && Files.isDirectory(root.resolve(name));
  }

  /** Returns whether a model folder (not a graph folder) exists. */
  boolean isModel(String name) {
    return exists(name) && !isGraph(name);
  }

  /**
   * Reads only a model folder's config, without listing or stamping its versions: the returned
   * folder has no versions and an empty stamp.
   *
   * @throws ModelLoadException naming the config file when it cannot be read
   */
  ModelFolder configOnly(String name) {
    Path dir = root.resolve(name);
    Path config = dir.resolve(CONFIG_FILE);
    try {
      String configText =
          Files.isRegularFile(config) ? Files.readString(config, StandardCharsets.UTF_8) : null;
      return new ModelFolder(name, dir, configText, new TreeMap<>(), "");
    } catch (IOException e) {
      throw new ModelLoadException(
          name + "/" + CONFIG_FILE + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Reads a model folder.
   *
   * @throws ModelLoadException naming the model folder when it cannot be read
   */
  ModelFolder scan(String name) {
    Path dir = root.resolve(name);
    try {
      Path config = dir.resolve(CONFIG_FILE);
      String configText =
          Files.isRegularFile(config) ? Files.readString(config, StandardCharsets.UTF_8) : null;
      SortedMap<Long, String> versions = new TreeMap<>();
      List<Path> children;
      try (Stream<Path> entries = Files.list(dir)) {
        children = entries.filter(Files::isDirectory).sorted().toList();
      }
      for (Path child : children) {
        String folder = child.getFileName().toString();
        long version = parseVersion(folder);
        if (version < 1) {
          logger.debug(
              "{}/{}: not a version folder (expected: a number >= 1); ignored", name, folder);
          continue;
        }
        versions.put(version, stamp(child));
      }
      // The config is small: stamp its content too, so an edit within one mtime tick is seen.
      String stamp = FileHashes.sha256(stamp(dir) + "\n" + (configText == null ? "" : configText));
      return new ModelFolder(name, dir, configText, versions, stamp);
    } catch (IOException e) {
      throw new ModelLoadException(
          name + ": the model folder cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Returns the version a folder name denotes, or -1 when it is not a version folder. */
  static long parseVersion(String folder) {
    if (folder.isEmpty() || folder.length() > 18 || !folder.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(folder);
  }

  /** Returns a digest of every file's relative path, size and modification time under dir. */
  private static String stamp(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted().toList()) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          lines.add(
              dir.relativize(p)
                  + "\u0000"
                  + a.size()
                  + "\u0000"
                  + a.lastModifiedTime().toMillis()
                  + "\u0000"
                  + a.lastModifiedTime());
        }
      }
    }
    return FileHashes.sha256(String.join("\n", lines));
  }
}
