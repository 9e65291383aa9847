package io.medulla.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.medulla.prewarm.CronExpression;
import io.medulla.prewarm.PrewarmSchedule;
import io.medulla.prewarm.ScheduleEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the pre-warm schedule file strictly: an unknown key, a duplicate key or name, or a value of
 * the wrong type is an error naming the file, the entry and the field, so that a misspelt time zone
 * or cron field never silently leaves the morning cold. The format:
 *
 * <pre>
 * schedules:
 *   - name: morning-rounds            # letters, digits, '.', '_', '-'; unique
 *     cron: "30 6 * * MON-FRI"        # minute hour day-of-month month day-of-week
 *     time_zone: Europe/Berlin        # the zone the cron expression is read in
 *     models: [chest_xray_detector]   # models to have READY when the cron fires
 *     graphs: [clinical_triage]       # graphs, standing for the models they call
 *     keep_for: 3h                    # how long after to keep them: 45s, 90m, 3h, 1h30m, 2d
 * </pre>
 *
 * <p>Whether the named models and graphs exist is not checked here: the server checks them against
 * the repository.
 */
final class PrewarmScheduleFile {
  private static final List<String> TOP_KEYS = List.of("schedules");
  private static final List<String> ENTRY_KEYS =
      List.of("name", "cron", "time_zone", "models", "graphs", "keep_for");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final TenantsFileNodes nodes;

  private PrewarmScheduleFile(Path path) {
    this.nodes = new TenantsFileNodes("schedule file " + path);
  }

  /**
   * Reads a schedule file.
   *
   * @throws IllegalArgumentException naming the file, the entry and the field, when the file is
   *     missing, unreadable, not YAML, or not a valid schedule
   */
  static PrewarmSchedule read(Path path) {
    PrewarmScheduleFile file = new PrewarmScheduleFile(path);
    return file.schedule(file.parse(path));
  }

  private JsonNode parse(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      @Nullable JsonNode root = YAML.readTree(in);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw nodes.fail("is empty (expected: a mapping with 'schedules')");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw nodes.fail("does not exist");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw nodes.fail("is not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw nodes.fail("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private PrewarmSchedule schedule(JsonNode root) {
    if (!root.isObject()) {
      throw nodes.fail("expected a mapping with 'schedules'");
    }
    nodes.checkKeys(root, TOP_KEYS, "");
    @Nullable JsonNode list = root.get("schedules");
    if (list == null || list.isNull()) {
      throw nodes.fail("schedules: missing (expected: a list of schedules)");
    }
    if (!list.isArray()) {
      throw nodes.fail("schedules: expected a list of schedules, each with a 'name'");
    }
    List<ScheduleEntry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      ScheduleEntry e = entry(list.get(i), i);
      if (!names.add(e.name())) {
        throw nodes.fail("schedule '" + e.name() + "': listed twice (expected: each name once)");
      }
      entries.add(e);
    }
    return new PrewarmSchedule(entries);
  }

  private ScheduleEntry entry(JsonNode node, int index) {
    String at = "schedules[" + index + "]: ";
    if (!node.isObject()) {
      throw nodes.fail(at + "expected a mapping of " + String.join(", ", ENTRY_KEYS));
    }
    String name = nodes.text(node, "name", "the schedule's name", at);
    if (!NAME.matcher(name).matches()) {
      throw nodes.fail(
          at + "name: '" + name + "' (expected: 1 to 64 letters, digits, '.', '_' or '-')");
    }
    String where = "schedule '" + name + "': ";
    nodes.checkKeys(node, ENTRY_KEYS, where);
    CronExpression cron = cron(node, where);
    ZoneId zone = zone(node, where);
    List<String> models = names(node, "models", "model name", where);
    List<String> graphs = names(node, "graphs", "graph name", where);
    if (models.isEmpty() && graphs.isEmpty()) {
      throw nodes.fail(
          where + "names no models or graphs (expected: at least one in 'models' or 'graphs')");
    }
    return new ScheduleEntry(name, cron, zone, models, graphs, keepFor(node, where));
  }

  private CronExpression cron(JsonNode node, String where) {
    String text = nodes.text(node, "cron", "a cron expression such as \"30 6 * * MON-FRI\"", where);
    try {
      return CronExpression.parse(text);
    } catch (IllegalArgumentException e) {
      throw nodes.fail(where + "cron: " + e.getMessage());
    }
  }

  private ZoneId zone(JsonNode node, String where) {
    String text = nodes.text(node, "time_zone", "a time zone such as Europe/Berlin", where);
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw nodes.fail(
          where
              + "time_zone: '"
              + text
              + "' is not a time zone (expected: an IANA zone such as Europe/Berlin)");
    }
  }

  private List<String> names(JsonNode node, String key, String what, String where) {
    @Nullable List<String> names = nodes.strings(node, key, what, where);
    return names == null ? List.of() : names;
  }

  private Duration keepFor(JsonNode node, String where) {
    String text = nodes.text(node, "keep_for", DurationText.EXPECTED, where);
    Duration d = DurationText.parse(text).orElse(Duration.ZERO);
    if (d.isZero()) {
      throw nodes.fail(
          where
              + "keep_for: '"
              + text
              + "' (expected: a positive duration like 90m, 3h, 1h30m or 45s)");
    }
    return d;
  }
}
