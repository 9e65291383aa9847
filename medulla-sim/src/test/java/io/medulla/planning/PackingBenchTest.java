package io.medulla.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PackingBenchTest {
  @Test
  void printsARowPerModelCountAndAJsonSummaryLast() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ComparisonSummary summary =
        PackingBench.run(
            6, 1, 2, 3, 0.8, 100_000, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines[0]).startsWith("models");
    assertThat(lines[lines.length - 2]).startsWith("all     6");
    assertThat(lines[lines.length - 1])
        .startsWith("{\"goal\":\"G10\",\"instances\":6,")
        .contains("\"withinGoal\":" + summary.withinGoal())
        .endsWith("}");
    assertThat(summary.instances()).isEqualTo(6);
  }

  @Test
  void aComparisonCountsOneDeviceMoreAsWithinTheGoalButNotWithinFivePercent() {
    // Exact 3, heuristic 4, cheapest device 1: a third more, but only one device more.
    PackingComparison oneMore = new PackingComparison(5, 1, 4, 3, 0, 0, 1, true, 0, 0);
    PackingComparison twoMore = new PackingComparison(5, 1, 5, 3, 0, 0, 1, true, 0, 0);
    PackingComparison leftOut = new PackingComparison(5, 1, 3, 3, 1, 0, 1, true, 0, 0);

    assertThat(oneMore.withinFivePercent()).isFalse();
    assertThat(oneMore.withinGoal()).isTrue();
    assertThat(twoMore.withinGoal()).isFalse();
    assertThat(leftOut.withinGoal()).isFalse();
    assertThat(oneMore.ratio()).isEqualTo(4 / 3.0);
  }
}
