package io.medulla.repository;

import static java.util.Objects.requireNonNull;

/**
 * A graph folder of the repository as read from disk: a Medulla graph ({@code <name>/graph.yaml})
 * or a Triton ensemble ({@code <name>/config.pbtxt} with {@code platform: "ensemble"}). The
 * repository does not load graphs; the engine's graph catalog reads these.
 *
 * @param name the folder name, which is the graph name
 * @param file the repository-relative file, as in {@code triage/graph.yaml}, for messages
 * @param text the file's contents
 */
public record GraphSource(String name, String file, String text) {
  /** The file name of a Medulla graph in its folder. */
  public static final String GRAPH_FILE = "graph.yaml";

  /** Creates a source; validates the fields. */
  public GraphSource {
    requireNonNull(name, "name");
    requireNonNull(file, "file");
    requireNonNull(text, "text");
  }

  /** Returns the lower-case hex SHA-256 of the file's text, the graph's provenance. */
  public String sha256() {
    return FileHashes.sha256(text);
  }

  /** Returns whether this is a Triton ensemble rather than a graph file. */
  public boolean isEnsemble() {
    return !file.endsWith("/" + GRAPH_FILE);
  }
}
