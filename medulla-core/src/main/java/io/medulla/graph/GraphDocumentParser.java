package io.medulla.graph;

import org.jspecify.annotations.Nullable;

/**
 * Turns the text of a graph file into a document tree for {@link GraphFileReader}: maps (keys in
 * file order), lists, strings, numbers, booleans and nulls. The composition root supplies a YAML
 * implementation, so that the core needs no parser library.
 */
@FunctionalInterface
public interface GraphDocumentParser {
  /**
   * Parses {@code text}; an empty document is null.
   *
   * @param source the graph's repository-relative file name, as in {@code triage/graph.yaml}
   * @throws InvalidGraphException naming the source, line and column of a syntax error
   */
  @Nullable Object parse(String source, String text);
}
