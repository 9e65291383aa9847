package io.medulla.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.medulla.graph.GraphDocumentParser;
import io.medulla.graph.InvalidGraphException;
import org.jspecify.annotations.Nullable;

/**
 * Parses graph files as YAML into plain maps, lists and scalars, refusing duplicate keys, for
 * {@link io.medulla.graph.GraphFileReader}. Errors name the repository-relative file, the line and
 * the column.
 */
final class GraphYaml implements GraphDocumentParser {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  @Override
  public @Nullable Object parse(String source, String text) {
    try {
      return YAML.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidGraphException(
          source + ": is not valid YAML" + where + ": " + e.getOriginalMessage());
    }
  }
}
