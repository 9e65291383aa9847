package io.medulla.runtime.onnx;

import static java.util.Objects.requireNonNull;

import io.medulla.runtime.ExecutionProvider;
import java.util.List;
import java.util.Map;

/**
 * Server-wide ONNX Runtime settings; a model's configuration parameters override the thread counts
 * ({@value OnnxBackend#INTRA_OP_THREAD_COUNT}, {@value OnnxBackend#INTER_OP_THREAD_COUNT}).
 *
 * @param intraOpThreads threads one operator may use; ONNX Runtime's own default (0, one per core)
 *     is avoided because a session per model instance multiplies it
 * @param interOpThreads threads for running independent operators in parallel
 * @param allowSpinning whether idle ONNX Runtime threads spin; spinning starves the JVM's request
 *     threads on small machines, so it is off by default
 * @param graphOptimizationLevel how much ONNX Runtime rewrites the graph when loading
 * @param executionProviders providers used when a model configures none, in order
 */
public record OnnxSettings(
    int intraOpThreads,
    int interOpThreads,
    boolean allowSpinning,
    GraphOptimizationLevel graphOptimizationLevel,
    List<ExecutionProvider> executionProviders) {

  /** How much ONNX Runtime optimises a graph when it creates a session. */
  public enum GraphOptimizationLevel {
    /** No graph rewrites. */
    DISABLED,
    /** Constant folding and redundant-node elimination. */
    BASIC,
    /** BASIC plus node fusions. */
    EXTENDED,
    /** Every optimisation, including layout changes. */
    ALL
  }

  /** Creates settings; validates thread counts and copies the provider list. */
  public OnnxSettings {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "intraOpThreads: " + intraOpThreads + " (expected: >= 0, 0 = one per core)");
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException(
          "interOpThreads: " + interOpThreads + " (expected: >= 0, 0 = one per core)");
    }
    requireNonNull(graphOptimizationLevel, "graphOptimizationLevel");
    executionProviders = List.copyOf(executionProviders);
    if (executionProviders.isEmpty()) {
      throw new IllegalArgumentException("executionProviders: empty (expected: at least \"cpu\")");
    }
  }

  /**
   * Returns the defaults: one intra-op and one inter-op thread, no spinning, all graph
   * optimisations, and the CPU provider.
   */
  public static OnnxSettings defaults() {
    return new OnnxSettings(
        1, 1, false, GraphOptimizationLevel.ALL, List.of(new ExecutionProvider("cpu", Map.of())));
  }

  /** Returns these settings with other thread counts. */
  public OnnxSettings withThreads(int intraOp, int interOp) {
    return new OnnxSettings(
        intraOp, interOp, allowSpinning, graphOptimizationLevel, executionProviders);
  }

  /** Returns these settings with spinning allowed or not. */
  public OnnxSettings withAllowSpinning(boolean allow) {
    return new OnnxSettings(
        intraOpThreads, interOpThreads, allow, graphOptimizationLevel, executionProviders);
  }

  /** Returns these settings with another graph optimisation level. */
  public OnnxSettings withGraphOptimizationLevel(GraphOptimizationLevel level) {
    return new OnnxSettings(
        intraOpThreads, interOpThreads, allowSpinning, level, executionProviders);
  }

  /** Returns these settings with other default execution providers. */
  public OnnxSettings withExecutionProviders(List<ExecutionProvider> providers) {
    return new OnnxSettings(
        intraOpThreads, interOpThreads, allowSpinning, graphOptimizationLevel, providers);
  }
}
