package io.medulla.repository;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.runtime.Backend;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes a {@link ConfigDraft} from the signature the model file declares, as Triton's ONNX
 * Runtime backend does, and checks the result against the file.
 *
 * <p>Completion: a missing {@code max_batch_size} becomes {@value #DEFAULT_MAX_BATCH_SIZE} (with a
 * default dynamic batcher) when every input and output of the file has a dynamic first dimension,
 * else 0; missing inputs, and missing outputs when none is listed, are taken from the file; listed
 * tensors without {@code data_type} or {@code dims} get them from the file. In strict mode nothing
 * is completed and a missing field is an error. In both modes every listed tensor must exist in the
 * file with the same data type and compatible dims.
 */
final class ConfigCompleter {
  /** Triton's {@code --backend-config=default-max-batch-size}. */
  static final int DEFAULT_MAX_BATCH_SIZE = 4;

  private static final Logger logger = LoggerFactory.getLogger(ConfigCompleter.class);

  private final ConfigDraft draft;
  private final ModelSignature signature;
  private final String modelFile;
  private final boolean strict;

  private ConfigCompleter(
      ConfigDraft draft, ModelSignature signature, String modelFile, boolean strict) {
    this.draft = draft;
    this.signature = signature;
    this.modelFile = modelFile;
    this.strict = strict;
  }

  /**
   * Returns the completed configuration.
   *
   * @param modelFile the model-relative file the signature came from, as in {@code m/1/model.onnx}
   * @throws ModelLoadException naming the config entry, the model file and what disagrees
   */
  static ModelConfig complete(
      ConfigDraft draft,
      ModelSignature signature,
      String modelFile,
      Backend backend,
      boolean strict) {
    return new ConfigCompleter(draft, signature, modelFile, strict).complete(backend);
  }

  private ModelConfig complete(Backend backend) {
    if (strict) {
      requirePresent();
    }
    int maxBatchSize;
    DynamicBatching batching = draft.dynamicBatching();
    if (draft.maxBatchSize() != null) {
      maxBatchSize = draft.maxBatchSize();
    } else if (fileHasBatchDimension()) {
      maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
      if (batching == null) {
        batching = new DynamicBatching(List.of(), 0, false, 0, 0, QueuePolicy.defaults(), Map.of());
      }
      logger.debug(
          "{}: max_batch_size completed to {} with default dynamic batching: every input and output"
              + " of {} has a dynamic first dimension",
          draft.source(),
          maxBatchSize,
          modelFile);
    } else {
      maxBatchSize = 0;
    }
    List<ModelInput> inputs = new ArrayList<>();
    for (TensorDraft t : merge(draft.inputs(), signature.inputs(), "input", true)) {
      Resolved r = resolve(t, signature.inputs(), maxBatchSize);
      inputs.add(new ModelInput(t.name(), r.type(), r.dims(), t.reshape(), t.optional()));
    }
    List<ModelOutput> outputs = new ArrayList<>();
    for (TensorDraft t : merge(draft.outputs(), signature.outputs(), "output", false)) {
      Resolved r = resolve(t, signature.outputs(), maxBatchSize);
      outputs.add(new ModelOutput(t.name(), r.type(), r.dims(), t.reshape(), t.labelFilename()));
    }
    checkBatching(batching, maxBatchSize);
    checkWarmup(inputs, maxBatchSize);
    return new ModelConfig(
        draft.name(),
        draft.platform().isEmpty() ? backend.platform() : draft.platform(),
        draft.backend().isEmpty() ? backend.name() : draft.backend(),
        maxBatchSize,
        inputs,
        outputs,
        draft.versionPolicy(),
        draft.instanceGroups(),
        batching,
        draft.modelWarmup(),
        draft.parameters(),
        draft.cpuExecutionAccelerators(),
        draft.gpuExecutionAccelerators(),
        draft.defaultModelFilename().isEmpty()
            ? backend.defaultModelFilename()
            : draft.defaultModelFilename());
  }

  private void requirePresent() {
    String why = " (strict model configuration completes nothing from the model file)";
    if (!draft.hasFile()) {
      throw new ModelLoadException(
          draft.source()
              + ": missing (expected: a config.pbtxt with max_batch_size, input and output)"
              + why);
    }
    if (draft.maxBatchSize() == null) {
      throw new ModelLoadException(
          draft.source() + ": max_batch_size: missing (expected: 0, or the largest batch)" + why);
    }
    if (draft.inputs().isEmpty()) {
      throw new ModelLoadException(
          draft.source() + ": input: missing (expected: at least one input)" + why);
    }
    if (draft.outputs().isEmpty()) {
      throw new ModelLoadException(
          draft.source() + ": output: missing (expected: at least one output)" + why);
    }
    for (TensorDraft t : concat(draft.inputs(), draft.outputs())) {
      if (t.dataType() == null) {
        throw new ModelLoadException(t.where() + ": data_type: missing" + why);
      }
      if (t.dims() == null) {
        throw new ModelLoadException(t.where() + ": dims: missing" + why);
      }
    }
  }

  private boolean fileHasBatchDimension() {
    List<TensorSpec> all = new ArrayList<>(signature.inputs());
    all.addAll(signature.outputs());
    return !signature.inputs().isEmpty()
        && all.stream().allMatch(s -> s.shape().rank() > 0 && s.shape().dim(0) == Shape.ANY);
  }

  /** Returns the listed tensors, plus the file's unlisted ones where Triton would add them. */
  private List<TensorDraft> merge(
      List<TensorDraft> listed, List<TensorSpec> declared, String kind, boolean requireAll) {
    Map<String, TensorDraft> byName = new LinkedHashMap<>();
    for (TensorDraft t : listed) {
      if (byName.put(t.name(), t) != null) {
        throw new ModelLoadException(
            t.where() + ": listed twice (expected: each " + kind + " once)");
      }
    }
    boolean add = requireAll || listed.isEmpty();
    for (TensorSpec s : declared) {
      if (byName.containsKey(s.name()) || !add) {
        continue;
      }
      if (strict) {
        throw new ModelLoadException(
            draft.source()
                + ": "
                + kind
                + ": "
                + modelFile
                + " declares "
                + kind
                + " '"
                + s.name()
                + "' that the config does not list (expected: every "
                + kind
                + " listed in strict model configuration)");
      }
      byName.put(
          s.name(), TensorDraft.absent(draft.source(), s.name(), kind + "[" + byName.size() + "]"));
    }
    return List.copyOf(byName.values());
  }

  private Resolved resolve(TensorDraft t, List<TensorSpec> declared, int maxBatchSize) {
    TensorSpec spec =
        declared.stream().filter(s -> s.name().equals(t.name())).findFirst().orElse(null);
    if (spec == null) {
      throw new ModelLoadException(
          t.where()
              + ": not declared by "
              + modelFile
              + " (expected one of "
              + declared.stream().map(TensorSpec::name).collect(Collectors.joining(", "))
              + ")");
    }
    DataType type = t.dataType() != null ? t.dataType() : spec.dataType();
    if (type != spec.dataType()) {
      throw new ModelLoadException(
          t.where()
              + ": data_type "
              + type.configName()
              + " conflicts with "
              + modelFile
              + ", which declares "
              + spec.dataType().configName());
    }
    Shape fileDims = spec.shape();
    if (maxBatchSize > 0) {
      if (fileDims.rank() == 0 || fileDims.dim(0) != Shape.ANY) {
        throw new ModelLoadException(
            t.where()
                + ": "
                + modelFile
                + " declares shape "
                + fileDims
                + ", whose first dimension"
                + " must be -1 (a dynamic batch dimension) because max_batch_size is "
                + maxBatchSize
                + " (expected: max_batch_size 0 for a model without a batch dimension)");
      }
      fileDims = fileDims.dropFirst();
    }
    Shape dims = t.dims();
    if (dims == null) {
      if (t.reshape() != null) {
        throw new ModelLoadException(
            t.where() + ": dims: missing (expected: dims when reshape is set)");
      }
      dims = fileDims;
    }
    Shape modelDims = t.reshape() != null ? t.reshape() : dims;
    if (!compatible(modelDims, fileDims)) {
      String field = t.reshape() != null ? "reshape " : "dims ";
      throw new ModelLoadException(
          t.where()
              + ": "
              + field
              + modelDims
              + " conflict with "
              + modelFile
              + ", which declares "
              + fileDims
              + (maxBatchSize > 0 ? " after the batch dimension" : ""));
    }
    return new Resolved(type, dims);
  }

  /** Returns whether configured dims fit the file's: same rank, each equal or -1 in the file. */
  private static boolean compatible(Shape configured, Shape file) {
    if (configured.rank() != file.rank()) {
      return false;
    }
    for (int i = 0; i < file.rank(); i++) {
      if (file.dim(i) != Shape.ANY && file.dim(i) != configured.dim(i)) {
        return false;
      }
    }
    return true;
  }

  private void checkBatching(@Nullable DynamicBatching batching, int maxBatchSize) {
    if (batching == null) {
      return;
    }
    if (maxBatchSize == 0) {
      throw new ModelLoadException(
          draft.source()
              + ": dynamic_batching: set but max_batch_size is 0 (expected: max_batch_size > 0)");
    }
    for (int size : batching.preferredBatchSizes()) {
      if (size > maxBatchSize) {
        throw new ModelLoadException(
            draft.source()
                + ": dynamic_batching.preferred_batch_size: "
                + size
                + " is larger than max_batch_size "
                + maxBatchSize
                + " (expected: <= "
                + maxBatchSize
                + ")");
      }
    }
  }

  private void checkWarmup(List<ModelInput> inputs, int maxBatchSize) {
    List<String> names = inputs.stream().map(ModelInput::name).toList();
    for (int i = 0; i < draft.modelWarmup().size(); i++) {
      ModelWarmup w = draft.modelWarmup().get(i);
      String where = draft.source() + ": model_warmup[" + i + "]";
      if (w.batchSize() > Math.max(maxBatchSize, 1)) {
        throw new ModelLoadException(
            where
                + ".batch_size: "
                + w.batchSize()
                + " (expected: <= "
                + Math.max(maxBatchSize, 1)
                + ")");
      }
      for (String input : w.inputs().keySet()) {
        if (!names.contains(input)) {
          throw new ModelLoadException(
              where
                  + ".inputs: '"
                  + input
                  + "' is not an input (expected one of "
                  + String.join(", ", names)
                  + ")");
        }
      }
    }
  }

  private static List<TensorDraft> concat(List<TensorDraft> a, List<TensorDraft> b) {
    List<TensorDraft> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private record Resolved(DataType type, Shape dims) {}
}
