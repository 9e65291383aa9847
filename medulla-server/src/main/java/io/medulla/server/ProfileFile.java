package io.medulla.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medulla.runtime.ModelProfile;
import io.medulla.runtime.ModelProfile.Point;
import io.medulla.runtime.ModelProfile.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The profile file of a model, {@code <repository>/<model>/profile.json}: a {@link ModelProfile} as
 * pretty-printed JSON with {@code "format": 1}, laid out in docs/PROFILING.md.
 *
 * <p>Writes replace the file atomically (a temporary file in the same folder, renamed over it), so
 * a reader sees the old profile or the new one, never half of one. Reads ignore keys they do not
 * know, so that a later Medulla may add some without a new format number.
 *
 * <p>Thread safety: stateless.
 */
public final class ProfileFile {
  /** The profile's file name in a model folder. */
  public static final String FILE_NAME = "profile.json";

  /** The format number written, and the only one read. */
  public static final int FORMAT = 1;

  static final ObjectMapper JSON = JsonMapper.builder().build();

  private ProfileFile() {}

  /**
   * Returns where the profile of {@code model} lives: {@code <repository>/<model>/profile.json}.
   */
  public static Path defaultPath(Path modelRepository, String model) {
    return modelRepository.resolve(model).resolve(FILE_NAME);
  }

  /**
   * Writes {@code profile} to {@code file}, replacing it atomically; creates missing folders.
   *
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, ModelProfile profile) throws IOException {
    byte[] bytes =
        (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(render(profile)) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    Files.createDirectories(folder);
    Path tmp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a profile file.
   *
   * @throws IllegalArgumentException naming the file and the field, when the file is missing,
   *     unreadable, not JSON, of another format, or not a valid profile
   */
  public static ModelProfile read(Path file) {
    return new ProfileFileReader(file).read();
  }

  private static ObjectNode render(ModelProfile p) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("model", p.model());
    root.put("version", p.version());
    root.put("platform", p.platform());
    root.put("sha256", p.sha256());
    root.put("max_batch_size", p.maxBatchSize());
    Settings s = p.settings();
    ObjectNode settings = root.putObject("settings");
    settings.put("intra_op_threads", s.intraOpThreads());
    settings.put("inter_op_threads", s.interOpThreads());
    ArrayNode providers = settings.putArray("execution_providers");
    s.executionProviders().forEach(providers::add);
    settings.put("cores", s.cores());
    settings.put("machine", s.machine());
    ObjectNode load = root.putObject("load");
    load.put("load_nanos", p.loadNanos());
    load.put("warmup_nanos", p.warmupNanos());
    load.put("memory_bytes", p.memoryBytes());
    load.put("device", p.device());
    load.put("instances", p.loadedInstances());
    ArrayNode points = root.putArray("points");
    for (Point point : p.points()) {
      ObjectNode n = points.addObject();
      n.put("batch_size", point.batchSize());
      n.put("instances", point.instances());
      n.put("concurrency", point.concurrency());
      n.put("p50_nanos", point.p50Nanos());
      n.put("p99_nanos", point.p99Nanos());
      n.put("mean_nanos", point.meanNanos());
      n.put("throughput_per_second", point.throughputPerSecond());
      n.put("samples", point.samples());
    }
    return root;
  }
}
