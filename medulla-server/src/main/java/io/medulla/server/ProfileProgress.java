package io.medulla.server;

/**
 * Hears how far a profile has come, for a progress bar. Called from the thread running the profile,
 * before each step and once at the end with {@code done == total}.
 */
@FunctionalInterface
public interface ProfileProgress {
  /** A listener that ignores progress. */
  ProfileProgress NONE = (done, total, label) -> {};

  /**
   * Reports progress.
   *
   * @param done the steps finished
   * @param total the steps in all; it grows once, when the loaded model's batch sizes are known
   * @param label what is being done now, as in "batch 8, 2 instances"
   */
  void update(int done, int total, String label);
}
