package io.medulla.runtime;

import io.medulla.inference.Tensor;
import java.util.List;

/**
 * One executable copy of a model (an ONNX Runtime session, say).
 *
 * <p>Threading: a scheduler calls {@link #execute} from one thread at a time per instance; the call
 * blocks for the duration of the computation.
 */
public interface ModelInstance {
  /**
   * Runs one batch and returns the named outputs, in the order named.
   *
   * @param inputs the input tensors with client-facing names and shapes (including the batch
   *     dimension when the model batches); the backend applies any configured reshape
   * @param outputNames the outputs to compute, each a configured output
   * @throws io.medulla.inference.InferenceException if the runtime rejects the inputs or fails
   */
  List<Tensor> execute(List<Tensor> inputs, List<String> outputNames);
}
