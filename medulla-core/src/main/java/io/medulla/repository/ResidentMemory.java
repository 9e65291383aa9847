package io.medulla.repository;

/**
 * Reads how much memory the process holds, so that a load can be charged with what it grew by.
 * Implementations are thread-safe.
 */
@FunctionalInterface
interface ResidentMemory {
  /** A probe that always reads 0, for platforms without one. */
  ResidentMemory NONE = () -> 0;

  /** Returns the process's resident set in bytes, or 0 when it cannot be read. */
  long bytes();

  /** Returns the probe of this process (Linux {@code /proc/self/statm}; 0 elsewhere). */
  static ResidentMemory ofProcess() {
    return ProcStatm.INSTANCE;
  }
}
