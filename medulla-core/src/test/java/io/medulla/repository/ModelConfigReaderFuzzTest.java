package io.medulla.repository;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.medulla.runtime.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code config.pbtxt} reader ({@link TextFormatParser} and {@link ModelConfigReader}).
 * The invariant: a file either reads or fails with a {@link ModelLoadException} naming the file;
 * nothing else escapes (no NumberFormatException, IndexOutOfBoundsException, StackOverflowError...)
 * and nothing hangs. In every build Jazzer replays the corpus in {@code
 * ModelConfigReaderFuzzTestInputs/} and {@link #mutantsOfTheCorpusReadOrFailWithModelLoadException}
 * mutates it token by token; docs/FUZZING.md tells how to fuzz for longer.
 */
class ModelConfigReaderFuzzTest {
  private static final String METHOD = "configReadsOrFailsWithModelLoadException";
  private static final int MUTANTS = 2000;

  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "3m")
  @DictionaryFile(resourcePath = "ModelConfigReaderFuzzTest.dict")
  void configReadsOrFailsWithModelLoadException(byte[] file) {
    read(new String(file, StandardCharsets.UTF_8));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutantsOfTheCorpusReadOrFailWithModelLoadException() throws Exception {
    List<String> corpus = corpus();
    List<String> tokens = dictionary();
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < MUTANTS; i++) {
      String text = corpus.get(random.nextInt(corpus.size()));
      for (int m = 1 + random.nextInt(4); m > 0; m--) {
        text = mutate(text, tokens, random);
      }
      read(text);
    }
  }

  @Test
  void deepNestingIsRefusedWithoutOverflowingTheStack() {
    assertThatThrownBy(
            () -> ModelConfigReader.read("m/config.pbtxt", "a " + "{ a ".repeat(100_000), "m"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("m/config.pbtxt:1:403: messages nested deeper than 100 levels");
    assertThatThrownBy(
            () -> ModelConfigReader.read("m/config.pbtxt", "a: " + "[ ".repeat(100_000), "m"))
        .isInstanceOf(ModelLoadException.class);
  }

  private static void read(String text) {
    try {
      ModelConfigReader.read("m/config.pbtxt", text, "m");
    } catch (ModelLoadException expected) {
      if (!String.valueOf(expected.getMessage()).startsWith("m/config.pbtxt")) {
        throw new AssertionError("a refusal that does not name the file", expected);
      }
    }
  }

  /** Inserts a token, deletes or repeats a run of text, or truncates, at a random place. */
  private static String mutate(String text, List<String> tokens, SplittableRandom random) {
    int at = random.nextInt(text.length() + 1);
    int rest = text.length() - at;
    return switch (random.nextInt(4)) {
      case 0 ->
          text.substring(0, at) + tokens.get(random.nextInt(tokens.size())) + text.substring(at);
      case 1 -> text.substring(0, at) + text.substring(at + random.nextInt(rest + 1));
      case 2 -> {
        String run = text.substring(at, at + random.nextInt(Math.min(rest, 32) + 1));
        yield text.substring(0, at) + run.repeat(1 + random.nextInt(64)) + text.substring(at);
      }
      default -> text.substring(0, at);
    };
  }

  private static List<String> corpus() throws IOException, URISyntaxException {
    Path folder =
        Path.of(
            ModelConfigReaderFuzzTest.class
                .getResource("ModelConfigReaderFuzzTestInputs/" + METHOD)
                .toURI());
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        out.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Returns the dictionary's tokens; it uses only the {@code \\} and {@code \"} escapes. */
  private static List<String> dictionary() {
    try (InputStream in =
        ModelConfigReaderFuzzTest.class.getResourceAsStream("ModelConfigReaderFuzzTest.dict")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines()
          .filter(l -> l.startsWith("\""))
          .map(l -> l.substring(1, l.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
