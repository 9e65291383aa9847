package io.medulla.scheduling;

import io.medulla.inference.Tensor;
import io.medulla.runtime.ModelInstance;
import io.medulla.time.Ticker;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs one assembled batch on one model instance and reports how long it took: the seam between the
 * scheduler and time. The server runs batches synchronously and measures them with the real ticker;
 * tests and the capacity planner's simulator complete them later on a virtual clock, with a
 * scripted execution time.
 *
 * <p>Threading: called on the scheduler's executor; {@link Completion#complete} may be called on
 * any thread, exactly once.
 */
@FunctionalInterface
public interface BatchRunner {
  /**
   * Executes {@code inputs} on {@code instance} and calls {@code done} exactly once, with the
   * outputs or the failure.
   */
  void run(ModelInstance instance, List<Tensor> inputs, List<String> outputNames, Completion done);

  /** Receives the result of one batch. */
  @FunctionalInterface
  interface Completion {
    /**
     * Reports the batch's result.
     *
     * @param outputs the outputs in the order named, or {@code null} when {@code failure} is set
     * @param failure why the batch failed, or {@code null}
     * @param computeNanos how long the execution took
     */
    void complete(
        @Nullable List<Tensor> outputs, @Nullable RuntimeException failure, long computeNanos);
  }

  /** Returns a runner that executes on the calling thread and measures with {@code ticker}. */
  static BatchRunner synchronous(Ticker ticker) {
    return (instance, inputs, outputNames, done) -> {
      long start = ticker.nanos();
      List<Tensor> outputs;
      try {
        outputs = instance.execute(inputs, outputNames);
      } catch (RuntimeException e) {
        done.complete(null, e, ticker.nanos() - start);
        return;
      }
      done.complete(outputs, null, ticker.nanos() - start);
    };
  }
}
