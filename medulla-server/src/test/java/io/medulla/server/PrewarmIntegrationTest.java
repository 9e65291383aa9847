package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.cache.MemoryBudget;
import io.medulla.prewarm.UsageHistory;
import io.medulla.repository.ModelControlMode;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pre-warm's start-up checks and the durable usage history, through the real server. When schedules
 * fire is covered with a virtual clock in {@code io.medulla.prewarm}; nothing here waits for one.
 */
class PrewarmIntegrationTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final List<String> TRIAGE =
      List.of(
          "clinical_triage", "image_classifier", "note_encoder", "finding_detail", "triage_fusion");

  @TempDir Path root;
  @TempDir Path dir;

  private Path schedule(String yaml) throws IOException {
    return Files.writeString(dir.resolve("prewarm.yaml"), yaml);
  }

  private ServerConfig config(@Nullable Path schedule, boolean predictive) {
    return LocalTrial.builder(root)
        .modelControl(ModelControlMode.ON_DEMAND, List.of())
        .cache(new CacheSettings(MemoryBudget.unlimited(), Set.of(), schedule, predictive, UTC))
        .build();
  }

  @Test
  void scheduleNamingAnUnknownModelStopsTheStart() throws IOException {
    new TestRepository(root).examples(TRIAGE);
    Path file =
        schedule(
            """
            schedules:
              - name: morning-rounds
                cron: "0 0 1 1 *"
                time_zone: UTC
                models: [image_classifier, chest_xray_detector]
                keep_for: 1h
            """);

    assertThatThrownBy(() -> MedullaServer.start(config(file, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--prewarm-schedule " + file)
        .hasMessageContaining("schedule 'morning-rounds'")
        .hasMessageContaining("'chest_xray_detector'");
  }

  @Test
  void scheduleNamingAGraphStartsEvenWhenItsModelsAreNotLoaded() throws IOException {
    new TestRepository(root).examples(TRIAGE);
    Path file =
        schedule(
            """
            schedules:
              - name: morning-rounds
                cron: "0 0 1 1 *"
                time_zone: UTC
                graphs: [clinical_triage]
                keep_for: 1h
            """);

    try (MedullaServer server = MedullaServer.start(config(file, false))) {
      CacheTrial trial = new CacheTrial(server);
      assertThat(trial.get(server.httpPort(), "/v2/health/ready").statusCode()).isEqualTo(200);
      assertThat(trial.row("image_classifier", "")).contains("loads on first request");
    }
  }

  @Test
  void usageHistoryIsSavedInTheDataDirectoryOnClose() throws IOException {
    new TestRepository(root).model("simple", "counted");
    ServerConfig config = config(null, true);
    Path file = config.audit().dataDir().resolve(CacheSettings.USAGE_FILE);
    WallClock wall = WallClock.system();
    int requests = 3;
    Instant before;
    Instant after;
    try (MedullaServer server = MedullaServer.start(config)) {
      CacheTrial trial = new CacheTrial(server);
      before = wall.now();
      for (int i = 0; i < requests; i++) {
        trial.servesSimple("counted");
      }
      after = wall.now();
    }

    assertThat(file).isRegularFile();
    assertThat(Files.readString(file)).doesNotContain("INPUT0").doesNotContain("[0,1,2");
    UsageHistory history = UsageHistory.load(file, UTC, UsageHistory.DEFAULT_WEEKS);
    assertThat(history.models()).containsExactly("counted");
    assertThat(recorded(history, "counted", before, after)).isEqualTo(requests);
  }

  /**
   * Returns the requests recorded between {@code from} and {@code to} (at most an hour apart): each
   * hour's count read back as the expectation one week later, when it is that hour's only week.
   */
  private static double recorded(UsageHistory history, String model, Instant from, Instant to) {
    Duration week = Duration.ofDays(7);
    int first = history.hourOfWeek(from);
    int last = history.hourOfWeek(to);
    double sum = history.expectation(model, first, from.plus(week)).requests();
    if (last != first) {
      sum += history.expectation(model, last, to.plus(week)).requests();
    }
    return sum;
  }
}
