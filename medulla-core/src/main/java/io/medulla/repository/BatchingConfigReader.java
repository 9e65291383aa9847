package io.medulla.repository;

import io.medulla.repository.QueuePolicy.TimeoutAction;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads {@code dynamic_batching} and its queue policies. */
final class BatchingConfigReader {
  private static final List<String> TIMEOUT_ACTIONS =
      Arrays.stream(TimeoutAction.values()).map(Enum::name).toList();

  private BatchingConfigReader() {}

  /** Returns the dynamic batcher settings, or null when the config has no dynamic_batching. */
  static @Nullable DynamicBatching dynamicBatching(ConfigMessage config) {
    ConfigMessage m = config.message("dynamic_batching");
    if (m == null) {
      return null;
    }
    m.checkFields(
        Set.of(
            "preferred_batch_size",
            "max_queue_delay_microseconds",
            "preserve_ordering",
            "priority_levels",
            "default_priority_level",
            "default_queue_policy",
            "priority_queue_policy"),
        Set.of());
    List<Integer> preferred =
        m.int64s("preferred_batch_size", 1).stream().map(Long::intValue).toList();
    int levels = m.int32("priority_levels", 0, 0);
    int defaultLevel = m.int32("default_priority_level", 0, 0);
    if (levels > 0 && (defaultLevel < 1 || defaultLevel > levels)) {
      throw m.errorAtField(
          "default_priority_level",
          defaultLevel
              + " is out of range (expected: 1.."
              + levels
              + " because priority_levels is "
              + levels
              + ")");
    }
    if (levels == 0 && defaultLevel != 0) {
      throw m.errorAtField(
          "default_priority_level",
          defaultLevel + " is set but priority_levels is 0 (expected: 0)");
    }
    ConfigMessage defaultPolicy = m.message("default_queue_policy");
    Map<Integer, QueuePolicy> perLevel = new HashMap<>();
    for (ConfigMessage entry : m.messages("priority_queue_policy")) {
      entry.checkFields(Set.of("key", "value"), Set.of());
      if (levels == 0) {
        throw entry.errorAtField(
            "key", "set but priority_levels is 0 (expected: priority_levels > 0)");
      }
      Long key = entry.int64("key", 1, levels);
      ConfigMessage value = entry.message("value");
      if (key == null || value == null) {
        throw entry.error("key", "incomplete map entry (expected: key: LEVEL value: { ... })");
      }
      if (perLevel.put(key.intValue(), queuePolicy(value)) != null) {
        throw entry.errorAtField("key", "level " + key + " is listed twice (expected: once)");
      }
    }
    return new DynamicBatching(
        preferred,
        m.int64("max_queue_delay_microseconds", 0, 0, Long.MAX_VALUE),
        m.bool("preserve_ordering", false),
        levels,
        defaultLevel,
        defaultPolicy == null ? QueuePolicy.defaults() : queuePolicy(defaultPolicy),
        perLevel);
  }

  private static QueuePolicy queuePolicy(ConfigMessage m) {
    m.checkFields(
        Set.of(
            "timeout_action",
            "default_timeout_microseconds",
            "allow_timeout_override",
            "max_queue_size"),
        Set.of());
    TimeoutAction action =
        m.enumValue(
            "timeout_action", "a timeout action", TIMEOUT_ACTIONS, BatchingConfigReader::action);
    return new QueuePolicy(
        action == null ? TimeoutAction.REJECT : action,
        m.int64("default_timeout_microseconds", 0, 0, Long.MAX_VALUE),
        m.bool("allow_timeout_override", false),
        m.int32("max_queue_size", 0, 0));
  }

  private static @Nullable TimeoutAction action(String name) {
    for (TimeoutAction a : TimeoutAction.values()) {
      if (a.name().equals(name)) {
        return a;
      }
    }
    return null;
  }
}
