package io.medulla.server;

import io.medulla.prewarm.PrewarmSchedule;
import io.medulla.prewarm.PrewarmTarget;
import io.medulla.prewarm.ScheduleEntry;
import io.medulla.prewarm.UsageHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and checks what pre-warm starts from: the schedule file and the durable usage history. */
final class PrewarmSchedules {
  private static final Logger logger = LoggerFactory.getLogger(PrewarmSchedules.class);

  private PrewarmSchedules() {}

  /** Returns the schedule of {@code --prewarm-schedule}, or an empty one without the flag. */
  static PrewarmSchedule read(CacheSettings settings) {
    Path file = settings.prewarmSchedule();
    return file == null ? PrewarmSchedule.empty() : PrewarmScheduleFile.read(file);
  }

  /** Returns the usage history's file in the data directory. */
  static Path usageFile(ServerConfig config) {
    return config.audit().dataDir().resolve(CacheSettings.USAGE_FILE);
  }

  /**
   * Returns the usage history kept in the data directory (empty when there is none yet, or when it
   * cannot be read: then a WARN says why), or null when predictive pre-warm is off.
   */
  static @Nullable UsageHistory usageHistory(ServerConfig config) {
    CacheSettings settings = config.cache();
    if (!settings.predictivePrewarm()) {
      return null;
    }
    Path file = usageFile(config);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return UsageHistory.load(file, settings.timeZone(), UsageHistory.DEFAULT_WEEKS);
    } catch (IOException | RuntimeException e) {
      logger.warn(
          "usage history {} cannot be read ({}); predictive pre-warm starts with an empty history",
          file,
          e.getMessage());
      return new UsageHistory(settings.timeZone());
    }
  }

  /**
   * Checks that every model and graph the schedule names is in the repository.
   *
   * @throws IllegalArgumentException naming the file, the schedule and the unknown name
   */
  static void check(PrewarmSchedule schedule, PrewarmTarget target, CacheSettings settings) {
    for (ScheduleEntry entry : schedule.entries()) {
      for (String name : entry.targets()) {
        try {
          target.modelsOf(name);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "--prewarm-schedule "
                  + settings.prewarmSchedule()
                  + ": schedule '"
                  + entry.name()
                  + "': "
                  + e.getMessage(),
              e);
        }
      }
    }
  }
}
