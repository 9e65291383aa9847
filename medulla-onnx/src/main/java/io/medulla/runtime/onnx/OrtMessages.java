package io.medulla.runtime.onnx;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Cleans ONNX Runtime error messages for callers and the repository index: removes the library's
 * prefix and any file path, which must not leak to clients.
 */
final class OrtMessages {
  private static final Pattern ABSOLUTE_PATH =
      Pattern.compile("(?<![\\w.])(?:[A-Za-z]:)?[/\\\\](?:[\\w.+@-]+[/\\\\])+[\\w.+@-]*");
  private static final Pattern ORT_PREFIX =
      Pattern.compile("^(?:\\[ONNXRuntime\\w*Error\\]\\s*:\\s*|Error code - \\w+ - message:\\s*)");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private OrtMessages() {}

  /**
   * Returns {@code message} on one line, without ONNX Runtime's error-code prefix, with the model
   * file replaced by its name and other absolute paths by {@code <path>}.
   */
  static String clean(String message, Path modelFile) {
    String out = WHITESPACE.matcher(message.strip()).replaceAll(" ");
    out = ORT_PREFIX.matcher(out).replaceFirst("");
    Path fileName = modelFile.getFileName();
    if (fileName != null) {
      out = out.replace(modelFile.toAbsolutePath().toString(), fileName.toString());
      out = out.replace(modelFile.toString(), fileName.toString());
    }
    return ABSOLUTE_PATH.matcher(out).replaceAll("<path>");
  }

  /** Returns the model-relative name of a model file for messages, as in "1/model.onnx". */
  static String fileLabel(Path modelFile) {
    Path fileName = modelFile.getFileName();
    Path parent = modelFile.getParent();
    if (fileName == null) {
      return "<model file>";
    }
    Path version = parent == null ? null : parent.getFileName();
    return version == null ? fileName.toString() : version + "/" + fileName;
  }
}
