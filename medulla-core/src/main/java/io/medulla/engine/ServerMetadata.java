package io.medulla.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The server's name, version and the protocol extensions it supports.
 *
 * @param name the server name
 * @param version the server version
 * @param extensions the supported protocol extensions
 */
public record ServerMetadata(String name, String version, List<String> extensions) {
  /** Creates metadata; copies the extensions. */
  public ServerMetadata {
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    extensions = List.copyOf(extensions);
  }
}
