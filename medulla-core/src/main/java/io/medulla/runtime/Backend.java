package io.medulla.runtime;

import java.nio.file.Path;

/**
 * Turns model files of one format into executable models. Implementations live in their own modules
 * (ONNX Runtime in {@code medulla-onnx}) and are handed to the repository by the composition root.
 *
 * <p>Thread safety: every method may be called from any thread, concurrently for different models.
 */
public interface Backend {
  /** Returns the backend's name as written in {@code config.pbtxt}'s {@code backend} field. */
  String name();

  /**
   * Returns whether this backend serves a model configured with the given {@code platform} and
   * {@code backend} fields (either may be empty).
   */
  boolean accepts(String platform, String backend);

  /** Returns the model file name looked for in a version folder by default, as in "model.onnx". */
  String defaultModelFilename();

  /** Returns the platform name reported in metadata, as in "onnxruntime_onnx". */
  String platform();

  /**
   * Reads the inputs and outputs a model file declares, for completing a partial configuration.
   *
   * @throws ModelLoadException if the file cannot be read as a model of this backend
   */
  ModelSignature inspect(Path modelFile);

  /**
   * Loads a model version and creates its instances.
   *
   * @throws ModelLoadException if the model cannot be loaded; the message names the file and the
   *     problem
   */
  LoadedModel load(ModelSpec spec);
}
