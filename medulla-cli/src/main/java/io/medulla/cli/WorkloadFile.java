package io.medulla.cli;

import io.medulla.graph.InvalidGraphException;
import io.medulla.server.PlanningRepository;
import io.medulla.simulation.ArrivalPattern;
import io.medulla.simulation.Burstiness;
import io.medulla.simulation.ClassSlo;
import io.medulla.simulation.RequestStream;
import io.medulla.simulation.TenantWorkload;
import io.medulla.simulation.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a workload description (YAML, see docs/PLANNING.md) into a {@link Workload}. Strict: an
 * unknown key, a missing field or a bad value is an error naming the file, the tenant, the stream
 * and the field. Stateless.
 */
final class WorkloadFile {
  private static final Set<String> TOP_KEYS = Set.of("seed", "slos", "tenants");
  private static final Set<String> SLO_KEYS = Set.of("latency", "percentile");
  private static final Set<String> STREAM_KEYS =
      Set.of(
          "target", "rates_per_second", "trace_seconds", "burstiness", "priority_mix", "timeout");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
  private static final Pattern HOUR_RANGE = Pattern.compile("(\\d{1,2})(?:-(\\d{1,2}))?");

  private WorkloadFile() {}

  /**
   * Returns the workload in {@code file}.
   *
   * @throws IllegalArgumentException naming the file and the field when the file is invalid or
   *     cannot be read
   */
  static Workload read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read the workload (" + e + ")", e);
    }
    return parse(file.toString(), text);
  }

  /** Returns the workload in {@code text}; {@code source} names it in errors. */
  static Workload parse(String source, String text) {
    Object document;
    try {
      document = PlanningRepository.parseYaml(source, text);
    } catch (InvalidGraphException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, Object> top = map(source, document, "the document");
    keys(source, top, TOP_KEYS);
    long seed = top.containsKey("seed") ? (long) number(source + ": seed", top.get("seed")) : 1;
    Map<String, ClassSlo> slos = new TreeMap<>();
    if (top.containsKey("slos")) {
      map(source + ": slos", top.get("slos"), "a map of class to SLO")
          .forEach((cls, value) -> slos.put(cls, slo(source + ": slos." + cls, value)));
    }
    Object tenantsNode = top.get("tenants");
    if (tenantsNode == null) {
      throw new IllegalArgumentException(
          source + ": tenants: missing (expected: a map of tenant to its streams)");
    }
    List<TenantWorkload> tenants = new ArrayList<>();
    map(source + ": tenants", tenantsNode, "a map of tenant to its streams")
        .forEach((tenant, streams) -> tenants.add(tenant(source, tenant, streams)));
    try {
      return new Workload(tenants, slos, seed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static TenantWorkload tenant(String source, String tenant, @Nullable Object node) {
    String where = source + ": tenants." + tenant;
    if (!(node instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(
          where + ": " + describe(node) + " (expected: a list of streams)");
    }
    List<RequestStream> streams = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      streams.add(stream(where + "[" + i + "]", list.get(i)));
    }
    return new TenantWorkload(tenant, streams);
  }

  private static RequestStream stream(String where, @Nullable Object node) {
    Map<String, Object> s = map(where, node, "a stream");
    keys(where, s, STREAM_KEYS);
    Object target = s.get("target");
    if (!(target instanceof String name) || name.isEmpty()) {
      throw new IllegalArgumentException(
          where + ".target: " + describe(target) + " (expected: a graph or model name)");
    }
    String at = where + " (" + name + ")";
    boolean hasRates = s.containsKey("rates_per_second");
    boolean hasTrace = s.containsKey("trace_seconds");
    if (hasRates == hasTrace) {
      throw new IllegalArgumentException(
          at + ": expected exactly one of rates_per_second and trace_seconds");
    }
    ArrivalPattern arrivals =
        hasRates
            ? rates(at + ".rates_per_second", s.get("rates_per_second"))
            : trace(at + ".trace_seconds", s.get("trace_seconds"));
    Burstiness burstiness = burstiness(at + ".burstiness", s.getOrDefault("burstiness", "poisson"));
    Map<String, Double> mix = new TreeMap<>();
    if (s.containsKey("priority_mix")) {
      map(at + ".priority_mix", s.get("priority_mix"), "a map of class to share")
          .forEach((cls, share) -> mix.put(cls, number(at + ".priority_mix." + cls, share)));
    } else {
      mix.put("routine", 1.0);
    }
    Duration timeout =
        s.containsKey("timeout") ? duration(at + ".timeout", s.get("timeout")) : Duration.ZERO;
    try {
      return new RequestStream(name, arrivals, burstiness, mix, timeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** A list of 24 rates, or a map of {@code default}, hours and hour ranges ({@code 8-11}). */
  private static ArrivalPattern rates(String where, @Nullable Object node) {
    double[] rates = new double[ArrivalPattern.HOURS];
    if (node instanceof List<?> list) {
      if (list.size() != ArrivalPattern.HOURS) {
        throw new IllegalArgumentException(
            where + ": " + list.size() + " rates (expected: 24, one per hour from midnight)");
      }
      for (int h = 0; h < rates.length; h++) {
        rates[h] = rate(where + "[" + h + "]", list.get(h));
      }
      return ArrivalPattern.hourly(rates);
    }
    Map<String, Object> byHour = map(where, node, "24 rates, or a map of default and hour ranges");
    Object fallback = byHour.get("default");
    Arrays.fill(rates, fallback == null ? 0 : rate(where + ".default", fallback));
    byHour.forEach(
        (key, value) -> {
          if (key.equals("default")) {
            return;
          }
          Matcher m = HOUR_RANGE.matcher(key);
          int from = m.matches() ? Integer.parseInt(m.group(1)) : -1;
          int to = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : from;
          if (from < 0 || from > 23 || to < from || to > 23) {
            throw new IllegalArgumentException(
                where
                    + ": key '"
                    + key
                    + "' (expected: default, an hour 0-23 or a range such as 8-11)");
          }
          double r = rate(where + "." + key, value);
          for (int h = from; h <= to; h++) {
            rates[h] = r;
          }
        });
    return ArrivalPattern.hourly(rates);
  }

  private static ArrivalPattern trace(String where, @Nullable Object node) {
    if (!(node instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(
          where + ": " + describe(node) + " (expected: a list of arrival offsets in seconds)");
    }
    List<Duration> offsets = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      double seconds = rate(where + "[" + i + "]", list.get(i));
      offsets.add(Duration.ofNanos(Math.round(seconds * 1e9)));
    }
    return ArrivalPattern.trace(offsets);
  }

  private static Burstiness burstiness(String where, @Nullable Object node) {
    if ("poisson".equals(node)) {
      return Burstiness.poisson();
    }
    if (node instanceof Number n) {
      double cv = n.doubleValue();
      if (cv > 0 && cv <= Burstiness.Gamma.MAX_CV) {
        return Burstiness.gamma(cv);
      }
    }
    throw new IllegalArgumentException(
        where
            + ": "
            + describe(node)
            + " (expected: poisson, or the coefficient of variation of the gaps, > 0 and <= 20)");
  }

  private static ClassSlo slo(String where, @Nullable Object node) {
    Map<String, Object> s = map(where, node, "latency and percentile");
    keys(where, s, SLO_KEYS);
    if (!s.containsKey("latency")) {
      throw new IllegalArgumentException(where + ".latency: missing (expected: e.g. 500ms)");
    }
    Duration latency = duration(where + ".latency", s.get("latency"));
    double percentile =
        s.containsKey("percentile") ? number(where + ".percentile", s.get("percentile")) : 0.99;
    try {
      return new ClassSlo(latency, percentile);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static Duration duration(String where, @Nullable Object node) {
    Matcher m = node instanceof String text ? DURATION.matcher(text.trim()) : null;
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          where + ": " + describe(node) + " (expected: a duration such as 250ms, 2s, 1m or 1h)");
    }
    double value = Double.parseDouble(m.group(1));
    double unitNanos =
        switch (m.group(2)) {
          case "ms" -> 1e6;
          case "s" -> 1e9;
          case "m" -> 60e9;
          default -> 3600e9;
        };
    return Duration.ofNanos(Math.round(value * unitNanos));
  }

  private static double rate(String where, @Nullable Object node) {
    double r = number(where, node);
    if (!(r >= 0) || Double.isInfinite(r)) {
      throw new IllegalArgumentException(where + ": " + r + " (expected: a number >= 0)");
    }
    return r;
  }

  private static double number(String where, @Nullable Object node) {
    if (node instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(where + ": " + describe(node) + " (expected: a number)");
  }

  private static Map<String, Object> map(String where, @Nullable Object node, String expected) {
    if (!(node instanceof Map<?, ?> raw)) {
      throw new IllegalArgumentException(
          where + ": " + describe(node) + " (expected: " + expected + ")");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          if (v == null) {
            throw new IllegalArgumentException(where + "." + k + ": empty (expected: a value)");
          }
          out.put(String.valueOf(k), v);
        });
    return out;
  }

  private static void keys(String where, Map<String, Object> node, Set<String> known) {
    for (String key : node.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            where + ": unknown key '" + key + "' (expected: one of " + new TreeSet<>(known) + ")");
      }
    }
  }

  private static String describe(@Nullable Object node) {
    if (node == null) {
      return "missing";
    }
    String text = String.valueOf(node);
    return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
  }
}
