package io.medulla.bench;

/** The ways G1 sends the same request to the same model, from the physical limit outward. */
enum Mode {
  /** ONNX Runtime sessions called directly: the limit every other mode is compared with. */
  RAW("raw-onnxruntime"),
  /** The engine called in-process: scheduler, validation and bookkeeping, no network. */
  IN_PROCESS("in-process-engine"),
  /** A grpc-java client through the running server, {@code raw_input_contents}. */
  GRPC("grpc"),
  /** An HTTP/1.1 client through the running server, Triton's binary tensor extension. */
  BINARY_REST("binary-rest");

  private final String label;

  Mode(String label) {
    this.label = label;
  }

  /** Returns the name used in the table and the JSON. */
  String label() {
    return label;
  }
}
