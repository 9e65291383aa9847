package io.medulla.repository;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process's resident set from Linux's {@code /proc/self/statm} (its second field, in
 * pages). The page size comes from the first {@code KernelPageSize} line of {@code
 * /proc/self/smaps}, else 4096. Thread-safe: the page size is read once.
 */
final class ProcStatm implements ResidentMemory {
  static final ProcStatm INSTANCE = new ProcStatm(Path.of("/proc/self"));

  private static final long DEFAULT_PAGE_SIZE = 4096;

  private final Path proc;
  private volatile long pageSize;

  ProcStatm(Path proc) {
    this.proc = proc;
  }

  @Override
  public long bytes() {
    String statm;
    try {
      statm = Files.readString(proc.resolve("statm"), StandardCharsets.US_ASCII).strip();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    String[] fields = statm.split("\\s+");
    if (fields.length < 2) {
      return 0;
    }
    try {
      return Math.multiplyExact(Long.parseLong(fields[1]), pageSize());
    } catch (NumberFormatException | ArithmeticException e) {
      return 0;
    }
  }

  private long pageSize() {
    long size = pageSize;
    if (size == 0) {
      size = readPageSize();
      pageSize = size;
    }
    return size;
  }

  private long readPageSize() {
    // The first mapping's entry is near the top: stop reading there, smaps can be long.
    try (BufferedReader in =
        Files.newBufferedReader(proc.resolve("smaps"), StandardCharsets.US_ASCII)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("KernelPageSize:")) {
          String[] parts = line.substring("KernelPageSize:".length()).strip().split("\\s+");
          long kb = Long.parseLong(parts[0]);
          return kb > 0 ? kb * 1024 : DEFAULT_PAGE_SIZE;
        }
      }
    } catch (IOException | RuntimeException e) {
      return DEFAULT_PAGE_SIZE;
    }
    return DEFAULT_PAGE_SIZE;
  }
}
