package io.medulla.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.medulla.runtime.ExecutionProvider;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Creates ONNX Runtime sessions with the server's settings and a model's overrides. */
final class SessionFactory {
  private final OrtEnvironment env;
  private final OnnxSettings settings;

  SessionFactory(OrtEnvironment env, OnnxSettings settings) {
    this.env = env;
    this.settings = settings;
  }

  /**
   * Opens one session for a model version, with its thread overrides and execution providers.
   *
   * @throws ModelLoadException if a parameter is invalid, a provider is unavailable or ONNX Runtime
   *     rejects the file
   */
  OrtSession open(ModelSpec spec, String modelLabel) {
    Map<String, String> parameters = spec.parameters();
    int intraOp =
        threadCount(
            parameters, OnnxBackend.INTRA_OP_THREAD_COUNT, settings.intraOpThreads(), modelLabel);
    int interOp =
        threadCount(
            parameters, OnnxBackend.INTER_OP_THREAD_COUNT, settings.interOpThreads(), modelLabel);
    List<ExecutionProvider> providers =
        spec.executionProviders().isEmpty()
            ? settings.executionProviders()
            : spec.executionProviders();
    try (SessionOptions options = baseOptions(intraOp, interOp, optLevel())) {
      for (ExecutionProvider provider : providers) {
        ExecutionProviders.add(options, provider, modelLabel);
      }
      return create(spec.modelFile(), options);
    } catch (OrtException e) {
      throw loadFailure(spec.modelFile(), modelLabel, e);
    }
  }

  /**
   * Opens a cheap session (no graph optimisation, one thread, CPU) for reading a file's signature.
   */
  OrtSession openForInspection(Path modelFile) {
    String label = OrtMessages.fileLabel(modelFile);
    try (SessionOptions options = baseOptions(1, 1, OptLevel.NO_OPT)) {
      return create(modelFile, options);
    } catch (OrtException e) {
      throw loadFailure(modelFile, label, e);
    }
  }

  private OrtSession create(Path modelFile, SessionOptions options) throws OrtException {
    return env.createSession(modelFile.toString(), options);
  }

  private SessionOptions baseOptions(int intraOp, int interOp, OptLevel level) throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setIntraOpNumThreads(intraOp);
      options.setInterOpNumThreads(interOp);
      String spin = settings.allowSpinning() ? "1" : "0";
      options.addConfigEntry("session.intra_op.allow_spinning", spin);
      options.addConfigEntry("session.inter_op.allow_spinning", spin);
      options.setOptimizationLevel(level);
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private OptLevel optLevel() {
    return switch (settings.graphOptimizationLevel()) {
      case DISABLED -> OptLevel.NO_OPT;
      case BASIC -> OptLevel.BASIC_OPT;
      case EXTENDED -> OptLevel.EXTENDED_OPT;
      case ALL -> OptLevel.ALL_OPT;
    };
  }

  private static int threadCount(
      Map<String, String> parameters, String key, int fallback, String modelLabel) {
    String value = parameters.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Fall through to the message below, which says what is expected.
    }
    throw new ModelLoadException(
        modelLabel
            + ": parameter '"
            + key
            + "' is '"
            + value
            + "' (expected: an integer >= 0, 0 = one thread per core)");
  }

  private static ModelLoadException loadFailure(Path modelFile, String label, OrtException e) {
    return new ModelLoadException(
        label
            + ": ONNX Runtime cannot load "
            + OrtMessages.fileLabel(modelFile)
            + ": "
            + OrtMessages.clean(String.valueOf(e.getMessage()), modelFile),
        e);
  }
}
