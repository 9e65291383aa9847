package io.medulla.repository;

import io.medulla.inference.ModelId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What loaded versions cost: the device their memory lives on, and the bytes a version is expected
 * to hold before it loads. Remembers the bytes measured at each version's last load.
 *
 * <p>Thread safety: the measurements are concurrent maps; the rest is stateless.
 */
final class Footprints {
  private final Map<ModelId, Long> byVersion = new ConcurrentHashMap<>();
  private final Map<String, Long> byModel = new ConcurrentHashMap<>();

  /**
   * Returns where a model's memory lives: {@code "gpu<N>"} when its first instance group is
   * KIND_GPU (the group's first GPU, 0 when it lists none), else {@code "host"}.
   */
  static String device(List<InstanceGroup> groups) {
    if (groups.isEmpty() || groups.get(0).kind() != InstanceGroup.Kind.KIND_GPU) {
      return LoadReport.HOST;
    }
    List<Integer> gpus = groups.get(0).gpus();
    return "gpu" + (gpus.isEmpty() ? 0 : gpus.get(0));
  }

  /** Records the bytes measured when a version loaded; 0 (nothing measurable) is not recorded. */
  void remember(ModelId id, long measuredBytes) {
    if (measuredBytes <= 0) {
      return;
    }
    byVersion.put(id, measuredBytes);
    byModel.put(id.name(), measuredBytes);
  }

  /**
   * Returns the bytes a version is expected to hold: {@code declared} when present, else what it
   * (or, failing that, the latest version of its model) measured at its last load, else the model
   * file's size times the instance count.
   */
  long expected(ModelId id, OptionalLong declared, Path modelFile, int instances) {
    if (declared.isPresent()) {
      return declared.getAsLong();
    }
    Long measured = byVersion.get(id);
    if (measured == null) {
      measured = byModel.get(id.name());
    }
    if (measured != null) {
      return measured;
    }
    long size = size(modelFile);
    return size > Long.MAX_VALUE / Math.max(1, instances) ? Long.MAX_VALUE : size * instances;
  }

  /** Returns a file's size, or the total of a folder's files; 0 when it cannot be read. */
  static long size(Path file) {
    try {
      if (!Files.isDirectory(file)) {
        return Files.size(file);
      }
      try (Stream<Path> walk = Files.walk(file)) {
        return walk.mapToLong(Footprints::regularFileSize).sum();
      }
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static long regularFileSize(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile() ? a.size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
