package io.medulla.protocol.grpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.medulla.inference.InferenceException;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.testing.SeededMutator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the gRPC side of request decoding: a {@code ModelInferRequest} message (as the transport
 * hands it over, within the message size limit) through {@link GrpcTensors#decodeInputs}, which
 * checks {@code raw_input_contents} against shapes (BYTES length prefixes included) and decodes
 * typed contents, and through {@link GrpcParameters#decode}. The invariant: a message either
 * decodes or fails with an {@link InferenceException} (INVALID_ARGUMENT and friends); nothing else
 * escapes and nothing hangs. docs/FUZZING.md tells how to fuzz for longer than the seed corpus.
 */
class GrpcTensorsFuzzTest {
  private static final int MUTANTS = 2000;

  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "3m")
  void inputsDecodeOrFailAsInvalidArgument(byte[] message) {
    ModelInferRequest request;
    try {
      request = ModelInferRequest.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      // The transport answers these itself, before the service sees them.
      return;
    }
    try {
      GrpcTensors.decodeInputs(request);
      GrpcParameters.decode(request.getParametersMap(), Set.of("priority", "timeout"), "request");
    } catch (InferenceException expected) {
      // INVALID_ARGUMENT (or another 4xx-like status): the documented outcome.
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutantsOfTheCorpusDecodeOrFailAsInvalidArgument() {
    List<byte[]> corpus =
        SeededMutator.corpus(GrpcTensorsFuzzTest.class, "inputsDecodeOrFailAsInvalidArgument");
    SeededMutator mutants = new SeededMutator(5, corpus, List.of(), 1 << 14);
    for (int i = 0; i < MUTANTS; i++) {
      inputsDecodeOrFailAsInvalidArgument(mutants.next());
    }
  }
}
