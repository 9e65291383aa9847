package io.medulla.server;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.medulla.testing.SeededMutator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the tenants file parser through {@link TenantsFile#load}. The invariant: a file either
 * loads or fails with an {@link IllegalArgumentException} whose message names the file (which the
 * CLI prints with exit code 2); nothing else escapes, YAML alias bombs and deep nesting included,
 * and nothing hangs. docs/FUZZING.md tells how to fuzz for longer than the seed corpus.
 */
class TenantsFileFuzzTest {
  private static final int MUTANTS = 800;

  @TempDir static Path dir;

  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "3m")
  @DictionaryFile(resourcePath = "TenantsFileFuzzTest.dict")
  void tenantsFileLoadsOrFailsWithAMessage(byte[] yaml) {
    Path file = dir.resolve("tenants.yaml");
    try {
      Files.write(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      TenantsFile.load(file);
    } catch (IllegalArgumentException expected) {
      if (!String.valueOf(expected.getMessage()).startsWith("tenants file ")) {
        throw new AssertionError("a refusal that does not name the file", expected);
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutantsOfTheCorpusLoadOrFailWithAMessage() {
    SeededMutator mutants =
        new SeededMutator(
            3,
            SeededMutator.corpus(getClass(), "tenantsFileLoadsOrFailsWithAMessage"),
            SeededMutator.dictionary(getClass(), "TenantsFileFuzzTest.dict"),
            1 << 14);
    for (int i = 0; i < MUTANTS; i++) {
      tenantsFileLoadsOrFailsWithAMessage(mutants.next());
    }
  }
}
