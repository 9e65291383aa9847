package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.prewarm.CronExpression;
import io.medulla.prewarm.PrewarmSchedule;
import io.medulla.prewarm.ScheduleEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrewarmScheduleFileTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("prewarm.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private void refused(String yaml, String problem) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> PrewarmScheduleFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schedule file " + file + ": ")
        .hasMessageContaining(problem);
  }

  /** One valid entry with {@code field} replaced by {@code value} (or dropped when null). */
  private static String entryWith(String field, String value) {
    StringBuilder yaml = new StringBuilder("schedules:\n  - name: morning-rounds\n");
    String[][] fields = {
      {"cron", "\"30 6 * * MON-FRI\""},
      {"time_zone", "Europe/Berlin"},
      {"models", "[chest_xray_detector]"},
      {"graphs", "[clinical_triage]"},
      {"keep_for", "3h"},
    };
    for (String[] f : fields) {
      String v = f[0].equals(field) ? value : f[1];
      if (!v.equals("<absent>")) {
        yaml.append("    ").append(f[0]).append(": ").append(v).append('\n');
      }
    }
    return yaml.toString();
  }

  @Test
  void theDocumentedExampleReads() throws IOException {
    PrewarmSchedule schedule =
        PrewarmScheduleFile.read(
            write(
                """
                # docs will show this
                schedules:
                  - name: morning-rounds
                    cron: "30 6 * * MON-FRI"
                    time_zone: Europe/Berlin
                    models: [chest_xray_detector]
                    graphs: [clinical_triage]
                    keep_for: 3h        # durations like 90m, 3h, 1h30m, 45s
                  - name: night.shift_2
                    cron: "0 22 * * *"
                    time_zone: America/New_York
                    models: [a, b]
                    keep_for: 1h30m
                """));
    assertThat(schedule.entries())
        .containsExactly(
            new ScheduleEntry(
                "morning-rounds",
                CronExpression.parse("30 6 * * MON-FRI"),
                ZoneId.of("Europe/Berlin"),
                List.of("chest_xray_detector"),
                List.of("clinical_triage"),
                Duration.ofHours(3)),
            new ScheduleEntry(
                "night.shift_2",
                CronExpression.parse("0 22 * * *"),
                ZoneId.of("America/New_York"),
                List.of("a", "b"),
                List.of(),
                Duration.ofMinutes(90)));
  }

  @Test
  void graphsAloneAreEnough() throws IOException {
    PrewarmSchedule schedule = PrewarmScheduleFile.read(write(entryWith("models", "<absent>")));
    assertThat(schedule.entries().get(0).targets()).containsExactly("clinical_triage");
  }

  @Test
  void anEmptyListOfSchedulesTurnsScheduledPrewarmOff() throws IOException {
    assertThat(PrewarmScheduleFile.read(write("schedules: []\n")).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "45s    | PT45S",
        "90m    | PT1H30M",
        "3h     | PT3H",
        "1h30m  | PT1H30M",
        "2d     | PT48H",
        "1d2h3m4s | PT26H3M4S",
      })
  void keepForDurations(String text, String expected) throws IOException {
    PrewarmSchedule schedule = PrewarmScheduleFile.read(write(entryWith("keep_for", text)));
    assertThat(schedule.entries().get(0).keepFor()).isEqualTo(Duration.parse(expected));
  }

  @Test
  void aBadCronNamesTheEntryTheFieldAndTheToken() throws IOException {
    refused(
        entryWith("cron", "\"30 25 * * MON-FRI\""),
        "schedule 'morning-rounds': cron: cron expression '30 25 * * MON-FRI': hour: '25' is out"
            + " of range (expected 0-23)");
    refused(entryWith("cron", "\"30 6 * * MON-FRY\""), "day-of-week: 'FRY' is not a day-of-week");
    refused(entryWith("cron", "<absent>"), "schedule 'morning-rounds': cron: missing");
  }

  @Test
  void anUnknownTimeZoneIsAnError() throws IOException {
    refused(
        entryWith("time_zone", "Europe/Berln"),
        "schedule 'morning-rounds': time_zone: 'Europe/Berln' is not a time zone (expected: an"
            + " IANA zone such as Europe/Berlin)");
    refused(entryWith("time_zone", "<absent>"), "schedule 'morning-rounds': time_zone: missing");
  }

  @Test
  void anEntryMustNameSomeModelOrGraph() throws IOException {
    String problem = "schedule 'morning-rounds': names no models or graphs";
    refused(
        "schedules:\n  - name: morning-rounds\n    cron: \"0 7 * * *\"\n"
            + "    time_zone: UTC\n    keep_for: 1h\n",
        problem);
    refused(
        "schedules:\n  - name: morning-rounds\n    cron: \"0 7 * * *\"\n"
            + "    time_zone: UTC\n    models: []\n    graphs: []\n    keep_for: 1h\n",
        problem);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0s     | keep_for: '0s' (expected: a positive duration like 90m, 3h, 1h30m or 45s)",
        "0h0m   | keep_for: '0h0m' (expected: a positive duration",
        "-1h    | keep_for: '-1h' (expected: a positive duration",
        "3 hours| keep_for: '3 hours' (expected: a positive duration",
        "30m1h  | keep_for: '30m1h' (expected: a positive duration",
        "3600   | keep_for: 3600 is not a string (expected: a duration like 90m",
        "<absent> | keep_for: missing",
      })
  void keepForMustBeAPositiveDuration(String value, String problem) throws IOException {
    refused(entryWith("keep_for", value), "schedule 'morning-rounds': " + problem);
  }

  @Test
  void namesMustBeUnique() throws IOException {
    String entry = entryWith("", "").substring("schedules:\n".length());
    refused(
        "schedules:\n" + entry + entry,
        "schedule 'morning-rounds': listed twice (expected: each name once)");
  }

  @Test
  void unknownKeysAreRefused() throws IOException {
    refused(
        entryWith("", "") + "    keep_fro: 1h\n",
        "schedule 'morning-rounds': unknown key 'keep_fro' (expected one of: name, cron,"
            + " time_zone, models, graphs, keep_for)");
    refused("schedule:\n  - name: x\n", "unknown key 'schedule' (expected one of: schedules)");
  }

  @Test
  void structuralErrors() throws IOException {
    refused("", "is empty (expected: a mapping with 'schedules')");
    refused("- a\n", "expected a mapping with 'schedules'");
    refused("schedules: morning\n", "schedules: expected a list of schedules");
    refused("{}\n", "schedules: missing (expected: a list of schedules)");
    refused("schedules:\n", "schedules: expected a list of schedules");
    refused("schedules:\n  - morning\n", "schedules[0]: expected a mapping of name, cron");
    refused(entryWith("models", "chest_xray_detector"), "models: \"chest_xray_detector\"");
    refused(entryWith("models", "[a, a]"), "schedule 'morning-rounds': models: 'a' listed twice");
    refused("schedules:\n  - cron: \"0 7 * * *\"\n", "schedules[0]: name: missing (expected: the");
    refused(
        "schedules:\n  - name: morning rounds\n",
        "schedules[0]: name: 'morning rounds' (expected: 1 to 64 letters");
    refused("schedules: [\n", "is not valid YAML at line");
    refused("schedules:\n  - name: a\n    name: b\n", "is not valid YAML at line 3");
  }

  @Test
  void aMissingFileIsAnError() {
    Path file = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> PrewarmScheduleFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schedule file " + file + ": does not exist");
  }
}
