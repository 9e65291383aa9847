package io.medulla.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Describes the machine a profile was measured on, for people reading it: the processor model, the
 * processors available and the kernel, read from {@code /proc} where there is one.
 *
 * <p>Thread safety: stateless.
 */
final class ProfileMachine {
  private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
  private static final Path OS_RELEASE = Path.of("/proc/sys/kernel/osrelease");

  private ProfileMachine() {}

  /** Returns the processors available to this JVM. */
  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Returns a one-line description, as in "AMD EPYC, 2 cores, Linux 6.8.0". */
  static String describe() {
    StringBuilder out = new StringBuilder(cpuModel());
    out.append(", ").append(cores()).append(cores() == 1 ? " core" : " cores");
    String kernel = firstLine(OS_RELEASE);
    if (!kernel.isEmpty()) {
      out.append(", Linux ").append(kernel);
    }
    return out.toString();
  }

  private static String cpuModel() {
    for (String line : lines(CPU_INFO)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
        return line.substring(colon + 1).strip();
      }
    }
    return "unknown processor";
  }

  private static String firstLine(Path file) {
    List<String> lines = lines(file);
    return lines.isEmpty() ? "" : lines.get(0).strip();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc hidden: the description is for people and may say less.
      return List.of();
    }
  }
}
