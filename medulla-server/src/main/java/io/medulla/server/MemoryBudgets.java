package io.medulla.server;

import io.medulla.cache.MemoryBudget;
import io.medulla.repository.ByteSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code --memory-budget [DEVICE=]SIZE} flags into a {@link MemoryBudget}. */
public final class MemoryBudgets {
  private MemoryBudgets() {}

  /**
   * Returns the budget the flags give; unlimited when there are none.
   *
   * @throws IllegalArgumentException naming the flag value that is not {@code [DEVICE=]SIZE}
   */
  public static MemoryBudget parse(List<String> flags) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      String device = eq < 0 ? "host" : flag.substring(0, eq).trim();
      String size = eq < 0 ? flag : flag.substring(eq + 1);
      long value;
      try {
        value = ByteSize.parse(size.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--memory-budget " + flag + ": " + e.getMessage(), e);
      }
      if (value < 1) {
        throw new IllegalArgumentException(
            "--memory-budget " + flag + ": expected more than 0 bytes");
      }
      if (bytes.put(device, value) != null) {
        throw new IllegalArgumentException("--memory-budget: device '" + device + "' given twice");
      }
    }
    try {
      return bytes.isEmpty() ? MemoryBudget.unlimited() : new MemoryBudget(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--memory-budget: " + e.getMessage(), e);
    }
  }
}
