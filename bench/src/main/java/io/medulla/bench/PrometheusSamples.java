package io.medulla.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The samples of a Prometheus text scrape, by series ({@code name{labels}} exactly as written), for
 * reading back the figures the server exported. Immutable.
 */
final class PrometheusSamples {
  private final Map<String, Double> samples;

  private PrometheusSamples(Map<String, Double> samples) {
    this.samples = samples;
  }

  /** Parses a scrape; comment lines and lines that are not {@code series value} are skipped. */
  static PrometheusSamples parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space <= 0) {
        continue;
      }
      try {
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      } catch (NumberFormatException e) {
        // Not a sample line.
      }
    }
    return new PrometheusSamples(samples);
  }

  /** Returns the sample of {@code name{model="<model>"}}, or 0 when absent. */
  double ofModel(String name, String model) {
    return samples.getOrDefault(name + "{model=\"" + model + "\"}", 0.0);
  }

  /**
   * Returns the sum over every series of {@code name} whose labels include {@code model="<model>"}
   * and {@code extra} (such as {@code cause="on_demand"}; empty: any).
   */
  double sumOfModel(String name, String model, String extra) {
    String prefix = name + "{";
    String label = "model=\"" + model + "\"";
    double sum = 0;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String series = e.getKey();
      if (series.startsWith(prefix)
          && series.contains(label)
          && (extra.isEmpty() || series.contains(extra))) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
