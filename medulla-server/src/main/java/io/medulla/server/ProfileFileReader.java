package io.medulla.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.medulla.runtime.ModelProfile;
import io.medulla.runtime.ModelProfile.Point;
import io.medulla.runtime.ModelProfile.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads one profile file into a {@link ModelProfile}. Every failure is an {@link
 * IllegalArgumentException} whose message names the file, then the field (as in {@code
 * points[2].p99_nanos}), then what was expected.
 *
 * <p>Thread safety: one read per instance.
 */
final class ProfileFileReader {
  private static final long MAX_BYTES = 16L << 20;

  private final Path file;

  ProfileFileReader(Path file) {
    this.file = file;
  }

  ModelProfile read() {
    JsonNode root = parse();
    if (!root.isObject()) {
      throw fail("expected a JSON object with \"format\": " + ProfileFile.FORMAT);
    }
    int format = integer(root, "format", "");
    if (format != ProfileFile.FORMAT) {
      throw fail(
          "format: "
              + format
              + " (expected: "
              + ProfileFile.FORMAT
              + "; profile the model again with this Medulla)");
    }
    String model = text(root, "model", "");
    long version = positiveLong(root, "version", "");
    String platform = text(root, "platform", "");
    String sha256 = sha256(root);
    int maxBatchSize = integer(root, "max_batch_size", "");
    Settings settings = settings(object(root, "settings", ""));
    JsonNode load = object(root, "load", "");
    long loadNanos = nonNegativeLong(load, "load_nanos", "load.");
    long warmupNanos = nonNegativeLong(load, "warmup_nanos", "load.");
    long memoryBytes = nonNegativeLong(load, "memory_bytes", "load.");
    String device = text(load, "device", "load.");
    int instances = positiveInt(load, "instances", "load.");
    List<Point> points = points(root);
    try {
      return new ModelProfile(
          model,
          version,
          platform,
          sha256,
          maxBatchSize,
          settings,
          loadNanos,
          warmupNanos,
          memoryBytes,
          device,
          instances,
          points);
    } catch (IllegalArgumentException e) {
      // What only the whole profile can check: points beyond max_batch_size, or listed twice.
      throw fail(e.getMessage());
    }
  }

  private JsonNode parse() {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw fail("larger than " + MAX_BYTES + " bytes (expected: a profile file)");
      }
      @Nullable JsonNode root = ProfileFile.JSON.readTree(Files.readAllBytes(file));
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw fail("is empty (expected: a JSON object)");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw fail("does not exist (expected: a profile written by 'medulla profile')");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw fail("is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw fail("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Settings settings(JsonNode node) {
    String at = "settings.";
    JsonNode list = field(node, "execution_providers", at, "a list of provider names");
    if (!list.isArray()) {
      throw fail(at + "execution_providers: " + list + " (expected: a list of provider names)");
    }
    List<String> providers = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode p = list.get(i);
      if (!p.isTextual() || p.asText().isEmpty()) {
        throw fail(at + "execution_providers[" + i + "]: " + p + " (expected: a provider name)");
      }
      providers.add(p.asText());
    }
    return new Settings(
        nonNegativeInt(node, "intra_op_threads", at),
        nonNegativeInt(node, "inter_op_threads", at),
        providers,
        positiveInt(node, "cores", at),
        string(node, "machine", at));
  }

  private List<Point> points(JsonNode root) {
    JsonNode list = field(root, "points", "", "a list of measurements");
    if (!list.isArray()) {
      throw fail("points: " + abbreviate(list) + " (expected: a list of measurements)");
    }
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "points[" + i + "].";
      JsonNode n = list.get(i);
      if (!n.isObject()) {
        throw fail("points[" + i + "]: " + abbreviate(n) + " (expected: an object)");
      }
      long p50 = nonNegativeLong(n, "p50_nanos", at);
      long p99 = nonNegativeLong(n, "p99_nanos", at);
      if (p99 < p50) {
        throw fail(at + "p99_nanos: " + p99 + " (expected: >= p50_nanos, " + p50 + ")");
      }
      out.add(
          new Point(
              positiveInt(n, "batch_size", at),
              positiveInt(n, "instances", at),
              positiveInt(n, "concurrency", at),
              p50,
              p99,
              nonNegativeLong(n, "mean_nanos", at),
              throughput(n, at),
              positiveInt(n, "samples", at)));
    }
    return out;
  }

  private double throughput(JsonNode node, String at) {
    JsonNode v = field(node, "throughput_per_second", at, "a number >= 0");
    if (!v.isNumber() || !(v.asDouble() >= 0) || Double.isInfinite(v.asDouble())) {
      throw fail(at + "throughput_per_second: " + v + " (expected: a number >= 0)");
    }
    return v.asDouble();
  }

  private String sha256(JsonNode root) {
    String v = text(root, "sha256", "");
    if (!v.matches("[0-9a-f]{64}")) {
      throw fail("sha256: '" + v + "' (expected: 64 lower-case hex digits)");
    }
    return v;
  }

  private JsonNode object(JsonNode node, String key, String at) {
    JsonNode v = field(node, key, at, "an object");
    if (!v.isObject()) {
      throw fail(at + key + ": " + abbreviate(v) + " (expected: an object)");
    }
    return v;
  }

  private String text(JsonNode node, String key, String at) {
    String v = string(node, key, at);
    if (v.isEmpty()) {
      throw fail(at + key + ": empty (expected: a non-empty string)");
    }
    return v;
  }

  private String string(JsonNode node, String key, String at) {
    JsonNode v = field(node, key, at, "a string");
    if (!v.isTextual()) {
      throw fail(at + key + ": " + abbreviate(v) + " (expected: a string)");
    }
    return v.asText();
  }

  private int integer(JsonNode node, String key, String at) {
    JsonNode v = field(node, key, at, "an integer");
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
      throw fail(at + key + ": " + abbreviate(v) + " (expected: an integer >= 0)");
    }
    return v.asInt();
  }

  private int nonNegativeInt(JsonNode node, String key, String at) {
    return integer(node, key, at);
  }

  private int positiveInt(JsonNode node, String key, String at) {
    int v = integer(node, key, at);
    if (v < 1) {
      throw fail(at + key + ": " + v + " (expected: an integer >= 1)");
    }
    return v;
  }

  private long nonNegativeLong(JsonNode node, String key, String at) {
    JsonNode v = field(node, key, at, "an integer >= 0");
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw fail(at + key + ": " + abbreviate(v) + " (expected: an integer >= 0)");
    }
    return v.asLong();
  }

  private long positiveLong(JsonNode node, String key, String at) {
    long v = nonNegativeLong(node, key, at);
    if (v < 1) {
      throw fail(at + key + ": " + v + " (expected: an integer >= 1)");
    }
    return v;
  }

  private JsonNode field(JsonNode node, String key, String at, String expected) {
    @Nullable JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw fail(at + key + ": missing (expected: " + expected + ")");
    }
    return v;
  }

  private static String abbreviate(JsonNode v) {
    String s = v.toString();
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private IllegalArgumentException fail(@Nullable String problem) {
    return new IllegalArgumentException("profile file " + file + ": " + problem);
  }
}
