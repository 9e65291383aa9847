package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import java.util.Map;

/**
 * One {@code model_warmup} entry: a synthetic request run before a version is ready.
 *
 * @param name a label for logs
 * @param batchSize the batch size of the warm-up request; 0 counts as 1
 * @param inputs the inputs by name
 * @param count how many times to run it; 0 (Triton's default) runs it once
 */
public record ModelWarmup(String name, int batchSize, Map<String, WarmupInput> inputs, int count) {
  /** Creates an entry; copies the inputs. */
  public ModelWarmup {
    requireNonNull(name, "name");
    inputs = Map.copyOf(inputs);
  }

  /**
   * One warm-up input.
   *
   * @param dataType the element type
   * @param dims the dimensions without the batch dimension
   * @param source where the values come from
   * @param inputDataFile for {@link Source#FILE}, a file in the model's {@code warmup} folder
   */
  public record WarmupInput(DataType dataType, Shape dims, Source source, String inputDataFile) {
    /** Where warm-up values come from. */
    public enum Source {
      ZERO,
      RANDOM,
      FILE
    }

    /** Creates an input; validates the fields. */
    public WarmupInput {
      requireNonNull(dataType, "dataType");
      requireNonNull(dims, "dims");
      requireNonNull(source, "source");
      requireNonNull(inputDataFile, "inputDataFile");
    }
  }
}
