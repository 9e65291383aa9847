package io.medulla.repository;

import io.medulla.runtime.Backend;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a {@link ModelFolder} into a {@link PreparedModel}: reads {@code config.pbtxt}, picks the
 * backend, applies the version policy, completes the config from the newest selected model file,
 * checks the other selected versions against it, and hashes each model file.
 */
final class ModelPreparer {
  private final List<Backend> backends;
  private final boolean strict;

  ModelPreparer(List<Backend> backends, boolean strict) {
    this.backends = List.copyOf(backends);
    this.strict = strict;
  }

  /**
   * Prepares a model.
   *
   * @throws ModelLoadException with a message naming the model-relative file and field when the
   *     model as a whole cannot be served
   */
  PreparedModel prepare(ModelFolder folder) {
    String name = folder.name();
    ConfigDraft draft = draft(folder);
    checkMemoryBytes(draft);
    if (folder.versionStamps().isEmpty()) {
      throw new ModelLoadException(
          name + ": no version folder (expected: a numeric folder such as " + name + "/1)");
    }
    Backend backend = backend(draft, folder);
    String filename = filename(draft, backend);
    List<Long> selected = select(draft, folder);
    ModelConfig config = null;
    List<VersionPlan> plans = new ArrayList<>();
    // Newest first: the newest loadable version completes the config, the others are checked.
    for (long version : selected.reversed()) {
      String relative = name + "/" + version + "/" + filename;
      Path file = folder.dir().resolve(Long.toString(version)).resolve(filename);
      String stamp = folder.versionStamps().getOrDefault(version, "");
      String problem = "";
      String sha = "";
      try {
        if (!folder.versionStamps().containsKey(version)) {
          throw new ModelLoadException(
              name
                  + "/"
                  + version
                  + ": missing (expected: the version folder named by version_policy)");
        }
        if (!Files.exists(file)) {
          throw new ModelLoadException(
              relative + ": missing (expected: the model file in every version folder)");
        }
        ModelSignature signature = inspect(backend, file, relative);
        ModelConfig completed =
            ConfigCompleter.complete(draft, signature, relative, backend, strict);
        if (config == null) {
          config = completed;
        } else if (!sameInterface(config, completed)) {
          throw new ModelLoadException(
              relative
                  + ": declares inputs or outputs that differ from the newest loadable version's"
                  + " (expected: every served version to share one configuration)");
        }
        sha = FileHashes.sha256(file);
      } catch (ModelLoadException e) {
        problem = requireMessage(e);
      } catch (IOException e) {
        problem = relative + ": cannot be read (" + e.getClass().getSimpleName() + ")";
      }
      plans.add(new VersionPlan(version, file, relative, sha, stamp, problem));
    }
    if (config == null) {
      // No version could complete the config: the model fails with the newest version's reason.
      throw new ModelLoadException(plans.get(0).problem());
    }
    return new PreparedModel(config, backend, plans.reversed(), folder.stamp(), folder.dir());
  }

  /**
   * Reads a model folder's {@code config.pbtxt} without completing it (an empty draft when the
   * folder has none).
   *
   * @throws ModelLoadException naming the file, line and field when the config cannot be read
   */
  static ConfigDraft draft(ModelFolder folder) {
    String source = folder.name() + "/" + RepositoryScanner.CONFIG_FILE;
    return folder.configText() == null
        ? ConfigDraft.empty(source, folder.name())
        : ModelConfigReader.read(source, folder.configText(), folder.name());
  }

  /**
   * Returns the model file of each version the draft's policy selects, by version, without asking
   * the backend to read them; versions missing on disk are left out.
   *
   * @throws ModelLoadException when no backend recognises the model
   */
  SortedMap<Long, Path> selectedFiles(ConfigDraft draft, ModelFolder folder) {
    String filename = filename(draft, backend(draft, folder));
    SortedMap<Long, Path> out = new TreeMap<>();
    for (long version : select(draft, folder)) {
      if (folder.versionStamps().containsKey(version)) {
        out.put(version, folder.dir().resolve(Long.toString(version)).resolve(filename));
      }
    }
    return out;
  }

  private static String filename(ConfigDraft draft, Backend backend) {
    return draft.defaultModelFilename().isEmpty()
        ? backend.defaultModelFilename()
        : draft.defaultModelFilename();
  }

  private static void checkMemoryBytes(ConfigDraft draft) {
    try {
      MedullaParameters.memoryBytes(draft.parameters());
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          draft.source()
              + ": parameters['"
              + MedullaParameters.MEMORY_BYTES
              + "']: "
              + e.getMessage(),
          e);
    }
  }

  private static ModelSignature inspect(Backend backend, Path file, String relative) {
    try {
      return backend.inspect(file);
    } catch (ModelLoadException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          relative
              + ": cannot be read by backend '"
              + backend.name()
              + "' ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  private static boolean sameInterface(ModelConfig a, ModelConfig b) {
    return a.maxBatchSize() == b.maxBatchSize()
        && a.inputs().equals(b.inputs())
        && a.outputs().equals(b.outputs());
  }

  private Backend backend(ConfigDraft draft, ModelFolder folder) {
    if (!draft.platform().isEmpty() || !draft.backend().isEmpty()) {
      for (Backend b : backends) {
        if (b.accepts(draft.platform(), draft.backend())) {
          return b;
        }
      }
      String field = draft.backend().isEmpty() ? "platform" : "backend";
      String value = draft.backend().isEmpty() ? draft.platform() : draft.backend();
      throw new ModelLoadException(
          draft.source()
              + ": "
              + field
              + ": '"
              + value
              + "' is not served (expected one of "
              + backends.stream()
                  .map(b -> b.name() + " (" + b.platform() + ")")
                  .collect(Collectors.joining(", "))
              + ")");
    }
    for (Backend b : backends) {
      String filename =
          draft.defaultModelFilename().isEmpty()
              ? b.defaultModelFilename()
              : draft.defaultModelFilename();
      for (long version : folder.versionStamps().keySet()) {
        if (Files.exists(folder.dir().resolve(Long.toString(version)).resolve(filename))) {
          return b;
        }
      }
    }
    throw new ModelLoadException(
        folder.name()
            + ": no backend recognises the model (expected: platform or backend in "
            + draft.source()
            + ", or a version folder holding one of "
            + backends.stream().map(Backend::defaultModelFilename).collect(Collectors.joining(", "))
            + ")");
  }

  private static List<Long> select(ConfigDraft draft, ModelFolder folder) {
    List<Long> onDisk = List.copyOf(folder.versionStamps().keySet());
    return switch (draft.versionPolicy()) {
      case VersionPolicy.Latest l ->
          onDisk.subList(Math.max(0, onDisk.size() - l.numVersions()), onDisk.size());
      case VersionPolicy.All a -> onDisk;
      case VersionPolicy.Specific s -> s.versions().stream().distinct().sorted().toList();
    };
  }

  private static String requireMessage(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
