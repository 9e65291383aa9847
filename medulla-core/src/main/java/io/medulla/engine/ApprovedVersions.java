package io.medulla.engine;

import io.medulla.inference.InferenceRequest;
import io.medulla.inference.PermissionDeniedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Routes the requests of a tenant limited to approved model versions: the versions a model's
 * configuration lists in {@value GuardedEngine#APPROVED_VERSIONS_PARAMETER}.
 */
final class ApprovedVersions {
  /** Longer than any version a repository folder can name as a positive {@code long}. */
  private static final int MAX_DIGITS = 18;

  private ApprovedVersions() {}

  /**
   * Returns the request to send: unchanged if it names an approved version, else naming the highest
   * approved version that is ready.
   *
   * @throws PermissionDeniedException if it names a version that is not approved, or no approved
   *     version is ready
   */
  static InferenceRequest route(InferenceEngine engine, InferenceRequest request) {
    String model = request.modelName();
    List<Long> approved = parse(engine.modelConfig(model, "").parameters());
    String asked = request.modelVersion();
    if (!asked.isEmpty()) {
      @Nullable Long v = version(asked);
      if (v == null || !approved.contains(v)) {
        throw new PermissionDeniedException(
            "permission denied: version '"
                + asked
                + "' of model '"
                + model
                + "' is not approved for this tenant");
      }
      return request;
    }
    for (long v : approved) {
      String version = Long.toString(v);
      if (engine.isModelReady(model, version)) {
        return withVersion(request, version);
      }
    }
    throw new PermissionDeniedException(
        "permission denied: no approved version of model '" + model + "' is ready");
  }

  /** Returns the approved versions, highest first; entries that are not versions are ignored. */
  static List<Long> parse(Map<String, String> parameters) {
    @Nullable String value = parameters.get(GuardedEngine.APPROVED_VERSIONS_PARAMETER);
    List<Long> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String part : value.split(",", -1)) {
      @Nullable Long v = version(part.strip());
      if (v != null && !out.contains(v)) {
        out.add(v);
      }
    }
    out.sort(Comparator.reverseOrder());
    return out;
  }

  /** Returns the version a string names (digits, positive), or {@code null}. */
  private static @Nullable Long version(String s) {
    if (s.isEmpty() || s.length() > MAX_DIGITS) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    long v = Long.parseLong(s);
    return v > 0 ? v : null;
  }

  private static InferenceRequest withVersion(InferenceRequest r, String version) {
    return new InferenceRequest(
        r.modelName(), version, r.id(), r.inputs(), r.outputs(), r.parameters(), r.context());
  }
}
