package io.medulla.protocol.rest;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.medulla.inference.InferenceException;
import io.medulla.inference.RequestId;
import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.Caller;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import io.medulla.testing.SeededMutator;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the REST inference request decoder: JSON bodies, and bodies with binary sections (Triton's
 * binary tensor data extension, down to the BYTES length prefixes that {@code Tensor.of} checks).
 * The invariant: a body either decodes or fails with an {@link InferenceException}, which becomes a
 * 4xx answer; nothing else escapes (no NullPointerException, IndexOutOfBoundsException,
 * OutOfMemoryError, StackOverflowError...), and nothing hangs.
 *
 * <p>In every build Jazzer replays the seed corpus in {@code InferRequestDecoderFuzzTestInputs/}
 * and the seeded-mutation tests run a few thousand mutants; docs/FUZZING.md tells how to fuzz.
 */
class InferRequestDecoderFuzzTest {
  /** Small limits, so that the fuzzer reaches every one of them with small inputs. */
  static final RestLimits LIMITS = new RestLimits(1 << 20, 16, 8, 6, 1 << 16, 4096, 8192, 100);

  private static final int MUTANTS = 2000;
  private static final InferRequestDecoder DECODER = new InferRequestDecoder(LIMITS);
  private static final RequestContextFactory CONTEXTS = new RequestContextFactory();
  private static final Caller CALLER =
      new Caller(
          new Principal(
              "fuzz",
              TenantId.DEFAULT,
              Set.of(Role.INFERENCE),
              Set.of(),
              false,
              AuthMethod.API_KEY),
          TenantId.DEFAULT,
          null,
          "127.0.0.1");

  /** A whole body of JSON, as {@code Content-Type: application/json} sends it. */
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "5m")
  @DictionaryFile(resourcePath = "InferRequestDecoderFuzzTest.dict")
  void jsonBodyDecodesOrFailsAsBadRequest(byte[] body) {
    decode(body, -1);
  }

  /**
   * A body with binary sections: the first two bytes (big-endian) are the {@code
   * Inference-Header-Content-Length}, 0xffff meaning none, and the rest is the body.
   */
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "5m")
  @DictionaryFile(resourcePath = "InferRequestDecoderFuzzTest.dict")
  void binaryBodyDecodesOrFailsAsBadRequest(byte[] framed) {
    if (framed.length < 2) {
      return;
    }
    int headerLength = ((framed[0] & 0xff) << 8) | (framed[1] & 0xff);
    decode(
        Arrays.copyOfRange(framed, 2, framed.length), headerLength == 0xffff ? -1 : headerLength);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutantsOfTheJsonCorpusDecodeOrFailAsBadRequest() {
    SeededMutator mutants = mutator("jsonBodyDecodesOrFailsAsBadRequest", 1);
    for (int i = 0; i < MUTANTS; i++) {
      decode(mutants.next(), -1);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutantsOfTheBinaryCorpusDecodeOrFailAsBadRequest() {
    SeededMutator mutants = mutator("binaryBodyDecodesOrFailsAsBadRequest", 2);
    for (int i = 0; i < MUTANTS; i++) {
      binaryBodyDecodesOrFailsAsBadRequest(mutants.next());
    }
  }

  private static SeededMutator mutator(String method, long seed) {
    List<byte[]> corpus = SeededMutator.corpus(InferRequestDecoderFuzzTest.class, method);
    List<byte[]> dictionary =
        SeededMutator.dictionary(
            InferRequestDecoderFuzzTest.class, "InferRequestDecoderFuzzTest.dict");
    return new SeededMutator(seed, corpus, dictionary, 1 << 16);
  }

  /** Decodes one body; anything but an {@link InferenceException} escapes and fails the test. */
  static void decode(byte[] body, int headerLength) {
    try {
      DECODER.decode(
          "model",
          "",
          body,
          headerLength,
          params -> CONTEXTS.create(CALLER, new RequestId("fuzz"), 0, params));
    } catch (InferenceException expected) {
      // A 4xx answer: the documented outcome for a malformed body.
    }
  }
}
