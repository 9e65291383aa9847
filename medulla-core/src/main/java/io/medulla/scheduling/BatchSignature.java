package io.medulla.scheduling;

import io.medulla.inference.DataType;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * What requests must share to be computed in one batch: the same inputs (names, types and every
 * dimension but the batch dimension, in order) and the same requested outputs. Requests with
 * different signatures are never merged.
 */
final class BatchSignature {
  /** The signature of every request of a model that never merges requests. */
  static final BatchSignature ANY =
      new BatchSignature(new String[0], new DataType[0], new long[0][], List.of());

  private final String[] names;
  private final DataType[] types;
  private final long[][] sampleDims;
  private final List<String> outputs;
  private final int hash;

  private BatchSignature(
      String[] names, DataType[] types, long[][] sampleDims, List<String> outputs) {
    this.names = names;
    this.types = types;
    this.sampleDims = sampleDims;
    this.outputs = outputs;
    int h = Arrays.hashCode(names);
    h = 31 * h + Arrays.hashCode(types);
    h = 31 * h + Arrays.deepHashCode(sampleDims);
    this.hash = 31 * h + outputs.hashCode();
  }

  /** Returns the signature of {@code request}, whose inputs have a leading batch dimension. */
  static BatchSignature of(InferenceRequest request) {
    List<Tensor> inputs = request.inputs();
    String[] names = new String[inputs.size()];
    DataType[] types = new DataType[inputs.size()];
    long[][] dims = new long[inputs.size()][];
    for (int i = 0; i < names.length; i++) {
      Tensor t = inputs.get(i);
      names[i] = t.name();
      types[i] = t.dataType();
      Shape s = t.shape();
      dims[i] = s.rank() == 0 ? new long[0] : Arrays.copyOfRange(s.toArray(), 1, s.rank());
    }
    List<String> outputs = request.outputs().stream().map(RequestedOutput::name).toList();
    return new BatchSignature(names, types, dims, outputs);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof BatchSignature other
        && hash == other.hash
        && Arrays.equals(names, other.names)
        && Arrays.equals(types, other.types)
        && Arrays.deepEquals(sampleDims, other.sampleDims)
        && outputs.equals(other.outputs);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
