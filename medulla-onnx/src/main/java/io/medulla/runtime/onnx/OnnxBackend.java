package io.medulla.runtime.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.medulla.runtime.Backend;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import io.medulla.runtime.ModelSpec;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs ONNX models with ONNX Runtime. Serves models configured with {@code platform:
 * "onnxruntime_onnx"} or {@code backend: "onnxruntime"}; each model instance is one session.
 *
 * <p>Model configuration parameters {@value #INTRA_OP_THREAD_COUNT} and {@value
 * #INTER_OP_THREAD_COUNT} override the {@link OnnxSettings} thread counts for one model, as in
 * Triton's onnxruntime backend.
 *
 * <p>Thread safety: safe for concurrent use. The ONNX Runtime environment is ONNX Runtime's own
 * process-wide object; this backend never closes it.
 */
public final class OnnxBackend implements Backend {
  /** The model parameter that sets the threads one operator may use. */
  public static final String INTRA_OP_THREAD_COUNT = "intra_op_thread_count";

  /** The model parameter that sets the threads running independent operators. */
  public static final String INTER_OP_THREAD_COUNT = "inter_op_thread_count";

  private static final String NAME = "onnxruntime";
  private static final String PLATFORM = "onnxruntime_onnx";

  private final OrtEnvironment env;
  private final SessionFactory sessions;

  /** Creates a backend with {@link OnnxSettings#defaults()}. */
  public OnnxBackend() {
    this(OnnxSettings.defaults());
  }

  /**
   * Creates a backend with the given settings. The first backend in a process loads the native
   * library (a few hundred milliseconds).
   */
  public OnnxBackend(OnnxSettings settings) {
    requireNonNull(settings, "settings");
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      // Medulla tensors are little-endian and go to ONNX Runtime as raw native-order bytes.
      throw new IllegalStateException("the ONNX Runtime backend needs a little-endian platform");
    }
    this.env = OrtEnvironment.getEnvironment();
    this.sessions = new SessionFactory(env, settings);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(String platform, String backend) {
    return PLATFORM.equals(platform) || NAME.equals(backend);
  }

  @Override
  public String defaultModelFilename() {
    return "model.onnx";
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  @Override
  public ModelSignature inspect(Path modelFile) {
    requireNonNull(modelFile, "modelFile");
    try (OrtSession session = sessions.openForInspection(modelFile)) {
      return Signatures.of(session, OrtMessages.fileLabel(modelFile));
    } catch (OrtException e) {
      throw new ModelLoadException(
          OrtMessages.fileLabel(modelFile)
              + ": cannot read its inputs and outputs: "
              + OrtMessages.clean(String.valueOf(e.getMessage()), modelFile),
          e);
    }
  }

  @Override
  public LoadedModel load(ModelSpec spec) {
    requireNonNull(spec, "spec");
    String label = "model '" + spec.id().name() + "' version " + spec.id().version();
    List<OnnxModelInstance> instances = new ArrayList<>(spec.instanceCount());
    try {
      for (int i = 0; i < spec.instanceCount(); i++) {
        OrtSession session = sessions.open(spec, label);
        instances.add(new OnnxModelInstance(env, session, spec, label));
        if (i == 0) {
          // Validate once, before paying for the other sessions.
          BindingValidator.validate(spec, session, label);
        }
      }
      return new OnnxLoadedModel(spec.id(), instances, memoryEstimate(spec));
    } catch (OrtException | RuntimeException e) {
      for (OnnxModelInstance instance : instances) {
        try {
          instance.close();
        } catch (OrtException closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ModelLoadException(
          label + ": " + OrtMessages.clean(String.valueOf(e.getMessage()), spec.modelFile()), e);
    }
  }

  private static long memoryEstimate(ModelSpec spec) {
    try {
      return Math.multiplyExact(Files.size(spec.modelFile()), spec.instanceCount());
    } catch (IOException | ArithmeticException e) {
      return 0;
    }
  }
}
