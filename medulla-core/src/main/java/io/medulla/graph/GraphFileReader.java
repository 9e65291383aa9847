package io.medulla.graph;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a graph file's document tree (see {@link GraphDocumentParser}) into a {@link
 * GraphDefinition}, strictly: an unknown key, a missing field or a value of the wrong kind is an
 * error naming the graph, the step and the field. docs/GRAPHS.md describes the format.
 */
public final class GraphFileReader {
  private static final Set<String> TOP =
      Set.of("name", "description", "inputs", "outputs", "steps");
  private static final Set<String> INPUT = Set.of("name", "datatype", "shape", "optional");
  private static final Set<String> OUTPUT = Set.of("name", "datatype", "shape", "from", "optional");
  private static final Set<String> STEP =
      Set.of(
          "name",
          "model",
          "version",
          "function",
          "attributes",
          "input",
          "inputs",
          "when",
          "timeout",
          "on_error");
  private static final Pattern DURATION =
      Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m)\\s*$");

  private final String graph;

  private GraphFileReader(String graph) {
    this.graph = graph;
  }

  /**
   * Returns the definition in {@code document}.
   *
   * @param graphName the graph's name (its folder's name), which a {@code name} key must equal
   * @throws InvalidGraphException naming the graph, step and field of the first problem
   */
  public static GraphDefinition read(String graphName, @Nullable Object document) {
    return new GraphFileReader(graphName).definition(document);
  }

  private GraphDefinition definition(@Nullable Object document) {
    Map<String, Object> top = map(document, "", "a mapping with inputs, outputs and steps");
    checkKeys(top, TOP, "");
    Object name = top.get("name");
    if (name != null && !graph.equals(name)) {
      throw fail(
          "name", "'" + name + "' does not match the folder '" + graph + "' (expected: equal)");
    }
    optionalString(top, "description", "", "");
    List<TensorSpec> inputs = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : entries(top, "inputs").entrySet()) {
      Map<String, Object> m = e.getValue();
      checkKeys(m, INPUT, e.getKey());
      inputs.add(
          new TensorSpec(
              string(m, "name", e.getKey()),
              dataType(m, e.getKey()),
              shape(m, e.getKey()),
              bool(m, "optional", e.getKey())));
    }
    List<GraphOutput> outputs = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : entries(top, "outputs").entrySet()) {
      Map<String, Object> m = e.getValue();
      checkKeys(m, OUTPUT, e.getKey());
      outputs.add(
          new GraphOutput(
              string(m, "name", e.getKey()),
              dataType(m, e.getKey()),
              shape(m, e.getKey()),
              ref(string(m, "from", e.getKey()), e.getKey() + ".from"),
              bool(m, "optional", e.getKey())));
    }
    List<GraphStep> steps = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : entries(top, "steps").entrySet()) {
      steps.add(step(e.getKey(), e.getValue()));
    }
    return new GraphDefinition(graph, inputs, outputs, steps);
  }

  /** Returns the entries of a list of mappings, keyed by a field path such as steps[1]. */
  private Map<String, Map<String, Object>> entries(Map<String, Object> top, String key) {
    Object v = top.get(key);
    if (!(v instanceof List<?> list)) {
      throw fail(
          key, v == null ? "missing (expected: a list)" : "is not a list (expected: a list)");
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = key + "[" + i + "]";
      Map<String, Object> m = map(list.get(i), path, "a mapping");
      Object n = m.get("name");
      out.put(n instanceof String s && !s.isEmpty() ? key + "." + s : path, m);
    }
    return out;
  }

  private GraphStep step(String path, Map<String, Object> m) {
    checkKeys(m, STEP, path);
    String name = string(m, "name", path);
    if (!GraphStep.isValidName(name)) {
      throw fail(
          path + ".name",
          "'"
              + name
              + "' (expected: letters, digits, _ and -, and not '"
              + TensorRef.INPUTS
              + "')");
    }
    boolean isModel = m.containsKey("model");
    if (isModel == m.containsKey("function")) {
      throw fail(path, "needs exactly one of 'model' and 'function'");
    }
    StepCall call;
    if (isModel) {
      if (m.containsKey("attributes")) {
        throw fail(path + ".attributes", "set on a model step (expected: only on function steps)");
      }
      Object version = m.get("version");
      String v =
          version == null
              ? ""
              : version instanceof Number || version instanceof String ? version.toString() : "?";
      if (!v.isEmpty() && !v.matches("[1-9][0-9]{0,17}")) {
        throw fail(path + ".version", "'" + version + "' (expected: a version number >= 1)");
      }
      call = new StepCall.Model(string(m, "model", path), v);
    } else {
      if (m.containsKey("version")) {
        throw fail(path + ".version", "set on a function step (expected: only on model steps)");
      }
      Object attributes = m.get("attributes");
      Map<String, Object> attrs = new LinkedHashMap<>();
      if (attributes != null) {
        map(attributes, path + ".attributes", "a mapping")
            .forEach((k, v) -> attrs.put(k, attribute(v, path + ".attributes." + k)));
      }
      call = new StepCall.Function(string(m, "function", path), attrs);
    }
    Map<String, TensorRef> inputs = new LinkedHashMap<>();
    if (m.containsKey("input") && m.containsKey("inputs")) {
      throw fail(path, "has both 'input' and 'inputs' (expected: one of them)");
    }
    if (m.containsKey("input")) {
      inputs.put("input", ref(string(m, "input", path), path + ".input"));
    } else {
      Object in = m.get("inputs");
      if (in != null) {
        map(in, path + ".inputs", "a mapping of input names to references")
            .forEach(
                (k, v) -> {
                  if (!(v instanceof String s)) {
                    throw fail(
                        path + ".inputs." + k, "is not a reference (expected: <step>.<output>)");
                  }
                  inputs.put(k, ref(s, path + ".inputs." + k));
                });
      }
    }
    List<Condition> when = new ArrayList<>();
    Object w = m.get("when");
    List<?> conditions = w instanceof List<?> l ? l : w == null ? List.of() : List.of(w);
    for (int i = 0; i < conditions.size(); i++) {
      String field = path + ".when" + (w instanceof List<?> ? "[" + i + "]" : "");
      if (!(conditions.get(i) instanceof String text)) {
        throw fail(field, "is not a condition (expected: a string such as \"x.y > 0.5\")");
      }
      try {
        when.add(Condition.parse(text));
      } catch (IllegalArgumentException e) {
        throw fail(field, String.valueOf(e.getMessage()));
      }
    }
    String onError = optionalString(m, "on_error", path, "fail");
    ErrorPolicy policy =
        switch (onError) {
          case "fail" -> ErrorPolicy.FAIL;
          case "continue" -> ErrorPolicy.CONTINUE;
          default ->
              throw fail(path + ".on_error", "'" + onError + "' (expected: fail or continue)");
        };
    return new GraphStep(name, call, inputs, when, timeout(m.get("timeout"), path), policy);
  }

  private @Nullable Duration timeout(@Nullable Object v, String path) {
    if (v == null) {
      return null;
    }
    Matcher d = DURATION.matcher(String.valueOf(v));
    if (!(v instanceof String) || !d.matches()) {
      throw fail(path + ".timeout", "'" + v + "' is not a duration (expected: such as 250ms, 2s)");
    }
    BigDecimal amount = new BigDecimal(d.group(1));
    long nanosPer =
        switch (d.group(2)) {
          case "us" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          default -> 60_000_000_000L;
        };
    long nanos = amount.multiply(BigDecimal.valueOf(nanosPer)).longValue();
    if (nanos <= 0) {
      throw fail(path + ".timeout", "'" + v + "' (expected: > 0)");
    }
    return Duration.ofNanos(nanos);
  }

  private Object attribute(@Nullable Object v, String path) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object e : list) {
        out.add(attribute(e, path));
      }
      return List.copyOf(out);
    }
    throw fail(path, "is not a number, string, boolean or list (expected: one of them)");
  }

  private TensorRef ref(String text, String path) {
    try {
      return TensorRef.parse(text);
    } catch (IllegalArgumentException e) {
      throw fail(path, String.valueOf(e.getMessage()));
    }
  }

  private DataType dataType(Map<String, Object> m, String path) {
    String t = string(m, "datatype", path);
    return DataType.fromWireName(t)
        .filter(d -> t.equals(d.wireName()))
        .orElseThrow(
            () ->
                fail(
                    path + ".datatype",
                    "'" + t + "' (expected one of: " + String.join(", ", typeNames()) + ")"));
  }

  private static List<String> typeNames() {
    List<String> out = new ArrayList<>();
    for (DataType t : DataType.values()) {
      out.add(t.wireName());
    }
    return out;
  }

  private Shape shape(Map<String, Object> m, String path) {
    Object v = m.get("shape");
    if (!(v instanceof List<?> list)) {
      throw fail(
          path + ".shape",
          v == null
              ? "missing (expected: a list such as [-1, 64])"
              : "is not a list (expected: a list such as [-1, 64])");
    }
    long[] dims = new long[list.size()];
    for (int i = 0; i < dims.length; i++) {
      Object d = list.get(i);
      if (!(d instanceof Integer || d instanceof Long) || ((Number) d).longValue() < -1) {
        throw fail(path + ".shape[" + i + "]", "'" + d + "' (expected: an integer >= -1)");
      }
      dims[i] = ((Number) d).longValue();
    }
    return Shape.of(dims);
  }

  private String string(Map<String, Object> m, String key, String path) {
    String field = path.isEmpty() ? key : path + "." + key;
    Object v = m.get(key);
    if (v == null) {
      throw fail(field, "missing (expected: a string)");
    }
    return nonEmpty(v, field);
  }

  private String optionalString(
      Map<String, Object> m, String key, String path, String defaultValue) {
    Object v = m.get(key);
    return v == null ? defaultValue : nonEmpty(v, path.isEmpty() ? key : path + "." + key);
  }

  private String nonEmpty(Object v, String field) {
    if (!(v instanceof String s) || s.isEmpty()) {
      throw fail(field, "is not a non-empty string (expected: a string)");
    }
    return s;
  }

  private boolean bool(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw fail(path + "." + key, "'" + v + "' (expected: true or false)");
    }
    return b;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(@Nullable Object v, String path, String expected) {
    if (!(v instanceof Map<?, ?> m)) {
      throw fail(path, "is not a mapping (expected: " + expected + ")");
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw fail(path, "has a key that is not a string (expected: " + expected + ")");
      }
    }
    return (Map<String, Object>) m;
  }

  private void checkKeys(Map<String, Object> m, Set<String> known, String path) {
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw fail(
            path.isEmpty() ? k : path + "." + k,
            "unknown key (expected one of: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  private InvalidGraphException fail(String field, String what) {
    return new InvalidGraphException(
        "graph '" + graph + "': " + (field.isEmpty() ? "" : field + ": ") + what);
  }
}
