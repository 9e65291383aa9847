package io.medulla.repository;

import io.medulla.inference.DataType;
import io.medulla.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads a warm-up input's {@code input_data_file} from the model's {@code warmup} folder, as
 * Triton: raw little-endian element bytes in row-major order of one batch item; for BYTES, each
 * element a 4-byte little-endian length followed by its bytes. The file must stay inside the model
 * folder (no {@code ..}, no absolute path, no link out) and hold exactly the elements the dims call
 * for.
 *
 * <p>Thread safety: stateless.
 */
final class WarmupFiles {
  static final String FOLDER = "warmup";

  private WarmupFiles() {}

  /**
   * Returns the file's bytes.
   *
   * @param where the message prefix naming the model, the warm-up sample and the input
   * @throws ModelLoadException when the file is outside the warmup folder, unreadable, or does not
   *     match the type and element count
   */
  static byte[] read(Path modelDir, String file, DataType type, int elements, String where) {
    Path path = resolve(modelDir, file, where);
    String shown = modelDir.getFileName() + "/" + FOLDER + "/" + file;
    byte[] bytes;
    try {
      if (!path.toRealPath().startsWith(modelDir.toRealPath())) {
        throw outside(file, where);
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new ModelLoadException(
          where + ": " + shown + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    } catch (OutOfMemoryError e) {
      throw new ModelLoadException(where + ": " + shown + " is too large to read", e);
    }
    if (type.isFixedSize()) {
      long expected = (long) elements * type.byteSize();
      if (bytes.length != expected) {
        throw new ModelLoadException(
            where
                + ": "
                + shown
                + " holds "
                + bytes.length
                + " bytes (expected: "
                + expected
                + " bytes, "
                + elements
                + " "
                + type
                + " elements)");
      }
    } else {
      long found = countStrings(bytes, shown, where);
      if (found != elements) {
        throw new ModelLoadException(
            where
                + ": "
                + shown
                + " holds "
                + found
                + " BYTES elements (expected: "
                + elements
                + ", each a 4-byte little-endian length and its bytes)");
      }
    }
    return bytes;
  }

  private static Path resolve(Path modelDir, String file, String where) {
    Path folder = modelDir.resolve(FOLDER).normalize();
    Path path;
    try {
      if (file.isEmpty() || Path.of(file).isAbsolute()) {
        throw outside(file, where);
      }
      path = folder.resolve(file).normalize();
    } catch (InvalidPathException e) {
      throw outside(file, where);
    }
    if (!path.startsWith(folder) || path.equals(folder)) {
      throw outside(file, where);
    }
    return path;
  }

  private static long countStrings(byte[] bytes, String shown, String where) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long count = 0;
    while (b.hasRemaining()) {
      if (b.remaining() < Integer.BYTES) {
        throw new ModelLoadException(
            where + ": " + shown + " ends inside the 4-byte length of element " + count);
      }
      int length = b.getInt();
      if (length < 0 || length > b.remaining()) {
        throw new ModelLoadException(
            where
                + ": "
                + shown
                + ": element "
                + count
                + " declares "
                + Integer.toUnsignedString(length)
                + " bytes but only "
                + b.remaining()
                + " remain");
      }
      b.position(b.position() + length);
      count++;
    }
    return count;
  }

  private static ModelLoadException outside(String file, String where) {
    return new ModelLoadException(
        where
            + ": input_data_file '"
            + file
            + "' is not inside the model's "
            + FOLDER
            + " folder (expected: a file name relative to "
            + FOLDER
            + "/)");
  }
}
