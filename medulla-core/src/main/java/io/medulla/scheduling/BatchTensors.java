package io.medulla.scheduling;

import io.medulla.inference.InferenceException;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the inputs of several requests into one tensor per input (concatenated along the batch
 * dimension) and splits a batch's outputs back per request. A batch of one request passes through
 * untouched.
 */
final class BatchTensors {
  private BatchTensors() {}

  /** Returns one tensor per input, the requests' rows in order; all requests share a signature. */
  static List<Tensor> concat(List<Job> jobs) {
    List<Tensor> first = jobs.get(0).request.inputs();
    if (jobs.size() == 1) {
      return first;
    }
    int samples = 0;
    for (Job j : jobs) {
      samples += j.samples;
    }
    List<Tensor> out = new ArrayList<>(first.size());
    for (int i = 0; i < first.size(); i++) {
      long bytes = 0;
      for (Job j : jobs) {
        bytes += j.request.inputs().get(i).byteSize();
      }
      ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
      for (Job j : jobs) {
        data.put(j.request.inputs().get(i).data());
      }
      data.flip();
      Tensor t = first.get(i);
      long[] dims = t.shape().toArray();
      dims[0] = samples;
      out.add(Tensor.of(t.name(), t.dataType(), Shape.of(dims), data));
    }
    return out;
  }

  /**
   * Returns each request's outputs: rows {@code [offset, offset + samples)} of every output, in the
   * order of {@code jobs}.
   *
   * @throws InferenceException (INTERNAL) if an output's batch dimension is not the batch's size
   */
  static List<List<Tensor>> split(List<Tensor> outputs, List<Job> jobs, String model) {
    List<List<Tensor>> perJob = new ArrayList<>(jobs.size());
    if (jobs.size() == 1) {
      perJob.add(outputs);
      return perJob;
    }
    int total = 0;
    for (Job j : jobs) {
      total += j.samples;
      perJob.add(new ArrayList<>(outputs.size()));
    }
    for (Tensor out : outputs) {
      if (out.shape().rank() == 0 || out.shape().dim(0) != total) {
        throw new InferenceException(
            StatusCode.INTERNAL,
            "model '"
                + model
                + "' returned output '"
                + out.name()
                + "' with shape "
                + out.shape()
                + " for a batch of "
                + total
                + " (expected: a leading batch dimension of "
                + total
                + ")");
      }
      long[] offsets = rowOffsets(out, total);
      int row = 0;
      for (int k = 0; k < jobs.size(); k++) {
        int n = jobs.get(k).samples;
        ByteBuffer slice =
            out.data().slice((int) offsets[row], (int) (offsets[row + n] - offsets[row]));
        long[] dims = out.shape().toArray();
        dims[0] = n;
        perJob.get(k).add(Tensor.of(out.name(), out.dataType(), Shape.of(dims), slice));
        row += n;
      }
    }
    return perJob;
  }

  /** Returns the byte offset of each row, and the end, for {@code rows} rows of {@code t}. */
  private static long[] rowOffsets(Tensor t, int rows) {
    long[] offsets = new long[rows + 1];
    if (t.dataType().isFixedSize()) {
      long rowBytes = t.byteSize() / rows;
      for (int r = 0; r <= rows; r++) {
        offsets[r] = r * rowBytes;
      }
      return offsets;
    }
    long perRow = t.elementCount() / rows;
    ByteBuffer b = t.data();
    for (int r = 0; r < rows; r++) {
      offsets[r] = b.position();
      for (long e = 0; e < perRow; e++) {
        int len = b.getInt();
        b.position(b.position() + len);
      }
    }
    offsets[rows] = b.position();
    return offsets;
  }
}
