package io.medulla.protocol.rest;

import io.medulla.inference.InvalidInputException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the bytes after the JSON header of Triton's binary tensor data extension into one section
 * per binary input, in input order. Sections are views of the body, not copies.
 */
final class BinaryTensorSections {
  private BinaryTensorSections() {}

  /**
   * Returns the inputs with their binary sections attached.
   *
   * @param sections the body after the JSON header, from its position to its limit
   * @throws InvalidInputException if the declared sizes do not add up to the bytes that follow
   */
  static List<ParsedInput> attach(List<ParsedInput> inputs, ByteBuffer sections) {
    long declared = 0;
    for (ParsedInput input : inputs) {
      if (input.isBinary()) {
        declared += input.binarySize();
      }
    }
    int available = sections.remaining();
    if (declared > available) {
      throw new InvalidInputException(
          "binary data is truncated: inputs declare "
              + declared
              + " bytes in parameters.binary_data_size but "
              + available
              + " bytes follow the JSON header");
    }
    if (declared < available) {
      throw new InvalidInputException(
          "binary data has "
              + (available - declared)
              + " bytes more than the inputs declare in parameters.binary_data_size ("
              + declared
              + " bytes)");
    }
    List<ParsedInput> out = new ArrayList<>(inputs.size());
    int offset = sections.position();
    for (ParsedInput input : inputs) {
      if (input.isBinary()) {
        int size = (int) input.binarySize();
        out.add(input.withData(sections.slice(offset, size)));
        offset += size;
      } else {
        out.add(input);
      }
    }
    return out;
  }
}
