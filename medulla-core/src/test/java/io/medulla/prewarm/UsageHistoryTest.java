package io.medulla.prewarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageHistoryTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final int MONDAY_7 = 7;

  @TempDir Path dir;

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
  }

  private static void record(UsageHistory h, String model, String local, int times) {
    for (int i = 0; i < times; i++) {
      h.record(model, at(local));
    }
  }

  /** Mondays 2026-01-26, 02-02 and 02-09 at 07:xx: 3, 5 and 4 requests. */
  private static UsageHistory threeMondays(int weeks) {
    UsageHistory h = new UsageHistory(BERLIN, weeks);
    record(h, "a", "2026-01-26T07:10", 3);
    record(h, "a", "2026-02-02T07:20", 5);
    record(h, "a", "2026-02-09T07:59:59", 4);
    return h;
  }

  @Test
  void hoursOfTheWeekAreReadInTheHistoryZone() {
    UsageHistory h = new UsageHistory(BERLIN);
    assertThat(h.hourOfWeek(at("2026-02-16T00:00"))).isZero();
    assertThat(h.hourOfWeek(at("2026-02-16T07:30"))).isEqualTo(7);
    assertThat(h.hourOfWeek(at("2026-02-17T07:30"))).isEqualTo(31);
    assertThat(h.hourOfWeek(at("2026-02-22T23:59"))).isEqualTo(167);
    // 06:30 UTC is 07:30 in Berlin in winter.
    assertThat(h.hourOfWeek(Instant.parse("2026-02-16T06:30:00Z"))).isEqualTo(7);
  }

  @Test
  void theExpectationIsTheMeanOverTheWeeksObserved() {
    UsageHistory h = threeMondays(4);
    Instant now = at("2026-02-16T06:59");
    assertThat(h.expectation("a", MONDAY_7, now)).isEqualTo(new UsageExpectation(4.0, 3));
    assertThat(h.expected("a", MONDAY_7, now)).isEqualTo(4.0);
    assertThat(h.expected("a", MONDAY_7 + 1, now)).isZero();
    assertThat(h.models()).containsExactly("a");
  }

  @Test
  void onlyTheLastWeeksCount() {
    UsageHistory h = threeMondays(2);
    assertThat(h.expectation("a", MONDAY_7, at("2026-02-16T06:59")))
        .isEqualTo(new UsageExpectation(4.5, 2));
    // Five weeks on, nothing is left of them.
    assertThat(h.expectation("a", MONDAY_7, at("2026-03-16T06:59")))
        .isEqualTo(new UsageExpectation(0, 2));
  }

  @Test
  void aWeekWithoutRequestsCountsAsZero() {
    UsageHistory h = new UsageHistory(BERLIN);
    record(h, "a", "2026-01-26T07:10", 6);
    record(h, "a", "2026-02-09T07:10", 3);
    assertThat(h.expectation("a", MONDAY_7, at("2026-02-16T06:59")))
        .isEqualTo(new UsageExpectation(3.0, 3));
  }

  @Test
  void weeksAreCountedFromWhenTheModelWasFirstSeen() {
    UsageHistory h = new UsageHistory(BERLIN);
    record(h, "new", "2026-02-09T07:10", 4);
    record(h, "later", "2026-02-09T09:00", 4);
    Instant now = at("2026-02-16T06:59");
    assertThat(h.expectation("new", MONDAY_7, now)).isEqualTo(new UsageExpectation(4.0, 1));
    // First seen after last Monday's 07:00 hour: that hour has not been observed for it.
    assertThat(h.expectation("later", MONDAY_7, now)).isEqualTo(new UsageExpectation(0, 0));
    assertThat(h.expectation("never", MONDAY_7, now)).isEqualTo(new UsageExpectation(0, 0));
  }

  @Test
  void anHourInProgressDoesNotCountUntilItHasPassed() {
    UsageHistory h = threeMondays(4);
    record(h, "a", "2026-02-16T07:05", 10);
    assertThat(h.expectation("a", MONDAY_7, at("2026-02-16T07:30")))
        .isEqualTo(new UsageExpectation(4.0, 3));
    assertThat(h.expectation("a", MONDAY_7, at("2026-02-17T00:00")))
        .isEqualTo(new UsageExpectation(5.5, 4));
  }

  @Test
  void hoursOutsideTheWeekAreRefused() {
    UsageHistory h = new UsageHistory(BERLIN);
    assertThatThrownBy(() -> h.expected("a", 168, at("2026-02-16T00:00")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hourOfWeek: 168");
  }

  @Test
  void recordsFromManyThreadsAreAllCounted() throws InterruptedException {
    UsageHistory h = new UsageHistory(BERLIN);
    Instant t = at("2026-02-09T07:10");
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int n = 0; n < 5_000; n++) {
                  h.record(n % 2 == 0 ? "a" : "b", t);
                }
              });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    Instant now = at("2026-02-16T00:00");
    assertThat(h.expected("a", MONDAY_7, now)).isEqualTo(20_000.0);
    assertThat(h.expected("b", MONDAY_7, now)).isEqualTo(20_000.0);
  }

  @Test
  void savedHistoryLoadsBackTheSame() throws IOException {
    UsageHistory h = threeMondays(4);
    record(h, "chest x-ray/ü", "2026-02-10T13:45", 2);
    Path file = dir.resolve("history").resolve("usage.txt");
    h.save(file);
    h.save(file);

    UsageHistory back = UsageHistory.load(file, BERLIN, 4);
    assertThat(back.models()).containsExactly("a", "chest x-ray/ü");
    Instant now = at("2026-02-16T06:59");
    for (String model : h.models()) {
      for (int hour = 0; hour < UsageHistory.HOURS_PER_WEEK; hour++) {
        assertThat(back.expectation(model, hour, now))
            .as("%s hour %d", model, hour)
            .isEqualTo(h.expectation(model, hour, now));
      }
    }
    assertThat(Files.readString(file)).startsWith("# ").contains("\nmedulla-usage-history 1\n");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aLoadedHistoryKeepsCounting() throws IOException {
    Path file = dir.resolve("usage.txt");
    threeMondays(4).save(file);
    UsageHistory back = UsageHistory.load(file, BERLIN, 4);
    record(back, "a", "2026-02-16T07:05", 8);
    assertThat(back.expectation("a", MONDAY_7, at("2026-02-17T00:00")))
        .isEqualTo(new UsageExpectation(5.0, 4));
  }

  @Test
  void aMissingFileIsAnEmptyHistory() throws IOException {
    UsageHistory h = UsageHistory.load(dir.resolve("absent.txt"), BERLIN, 4);
    assertThat(h.models()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hello                                           | line 1: expected the header"
            + " 'medulla-usage-history 1'",
        "medulla-usage-history 2                         | line 1: version 2 is not supported",
        "medulla-usage-history 1\\nzone UTC               | line 2: was written for zone UTC,"
            + " but the history reads Europe/Berlin",
        "medulla-usage-history 1\\nzone Europe/Berlin\\nweeks x   | line 3: weeks 'x' is not a"
            + " number",
        "#c\\nmedulla-usage-history 1\\nzone Europe/Berlin\\nweeks 4\\n2917 7 3 | line 5: a count"
            + " before any 'model' line",
        "medulla-usage-history 1\\nzone Europe/Berlin\\nweeks 4\\nmodel 1 a\\n2917 168 3 | line 5:"
            + " hour of week 168 is out of range (expected 0-167)",
        "medulla-usage-history 1\\nzone Europe/Berlin\\nweeks 4\\nmodel 1     | line 4: expected"
            + " 'model <first hour> <name>'",
        "medulla-usage-history 1\\nzone Europe/Berlin\\nweeks 4\\nmodel 1 a\\n1 2 -3 | line 5:"
            + " count -3 is out of range",
        "medulla-usage-history 1                         | ends after 1 lines, before its header,"
            + " zone and weeks lines",
      })
  void aCorruptFileIsAnErrorNamingTheFileAndTheLine(String text, String problem)
      throws IOException {
    Path file = dir.resolve("usage.txt");
    Files.writeString(file, text.replace("\\n", "\n") + "\n");
    assertThatThrownBy(() -> UsageHistory.load(file, BERLIN, 4))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("usage history " + file + ": ")
        .hasMessageContaining(problem);
  }
}
