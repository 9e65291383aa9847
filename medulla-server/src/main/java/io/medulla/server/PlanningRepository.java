package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.EnsembleConverter;
import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphFileReader;
import io.medulla.repository.EnsembleConfigReader;
import io.medulla.repository.GraphSource;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelRepository;
import io.medulla.runtime.Backend;
import io.medulla.scheduling.BatchPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the capacity planner ({@code medulla plan}) reads from a model repository the way the server
 * reads it: graph files, completed model configurations and the batch policy the scheduler derives
 * from each. Stateless; safe to call from any thread.
 */
public final class PlanningRepository {
  private static final String CONFIG_FILE = "config.pbtxt";

  private PlanningRepository() {}

  /**
   * Returns the graph in {@code <repository>/<name>}: its {@code graph.yaml}, or a Triton ensemble
   * ({@code config.pbtxt} with {@code platform: "ensemble"}) converted as the server converts it;
   * null when the folder holds neither (a model, or nothing).
   *
   * @throws io.medulla.graph.InvalidGraphException when the file is not a valid graph
   * @throws io.medulla.runtime.ModelLoadException when an ensemble's configuration is invalid
   * @throws UncheckedIOException when the file cannot be read
   */
  public static @Nullable GraphDefinition readGraph(Path repository, String name) {
    requireNonNull(repository, "repository");
    requireNonNull(name, "name");
    Path folder = repository.resolve(name);
    Path file = folder.resolve(GraphSource.GRAPH_FILE);
    if (Files.isRegularFile(file)) {
      return GraphFileReader.read(
          name, new GraphYaml().parse(name + "/" + GraphSource.GRAPH_FILE, read(file)));
    }
    Path config = folder.resolve(CONFIG_FILE);
    if (Files.isRegularFile(config)) {
      String source = name + "/" + CONFIG_FILE;
      String text = read(config);
      if (EnsembleConfigReader.isEnsemble(source, text)) {
        return EnsembleConverter.convert(EnsembleConfigReader.read(source, text, name));
      }
    }
    return null;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be read", e);
    }
  }

  /**
   * Loads each model once with the server's default backends and returns its completed
   * configuration, by name; unloads them all before returning.
   *
   * @throws IllegalArgumentException naming a model the repository does not have
   * @throws RuntimeException when a model fails to load
   */
  public static Map<String, ModelConfig> loadConfigs(Path repository, Collection<String> models) {
    requireNonNull(repository, "repository");
    List<Backend> backends = Backends.create(ServerConfig.defaults(repository));
    Map<String, ModelConfig> configs = new TreeMap<>();
    try (ModelRepository repo =
        ModelRepository.builder(repository)
            .backends(backends)
            .controlMode(ModelControlMode.EXPLICIT)
            .build()) {
      repo.start(Set.of());
      List<String> names = repo.modelNames();
      for (String model : models) {
        if (!names.contains(model)) {
          throw new IllegalArgumentException(
              "no model '" + model + "' in " + repository + " (models: " + names + ")");
        }
        repo.load(model);
        configs.put(model, repo.config(model));
      }
    }
    return configs;
  }

  /** Returns the batch policy the server's scheduler uses for a model with this configuration. */
  public static BatchPolicy batchPolicy(ModelConfig config) {
    return Schedulers.policyFor(requireNonNull(config, "config"));
  }

  /**
   * Parses YAML text into plain maps, lists and scalars, refusing duplicate keys.
   *
   * @throws io.medulla.graph.InvalidGraphException naming {@code source}, the line and column
   */
  public static @Nullable Object parseYaml(String source, String text) {
    return new GraphYaml().parse(source, text);
  }
}
