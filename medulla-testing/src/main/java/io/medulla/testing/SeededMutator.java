package io.medulla.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A small, deterministic mutation fuzzer over a seed corpus: each {@link #next()} takes a corpus
 * entry and applies one to four random mutations (bit flips, special bytes, dictionary tokens,
 * deletions, repetitions, truncation, splicing with another entry). The same seed always yields the
 * same inputs, so a failure reproduces; it stands in for Jazzer in every build, where Jazzer only
 * replays its corpus (docs/FUZZING.md).
 */
public final class SeededMutator {
  private static final byte[] SPECIAL = {
    0,
    (byte) 0xff,
    (byte) 0x80,
    (byte) 0xc3,
    '"',
    '\\',
    '[',
    ']',
    '{',
    '}',
    ',',
    ':',
    '-',
    '9',
    '0',
    '\n',
    ' '
  };

  private final SplittableRandom random;
  private final List<byte[]> corpus;
  private final List<byte[]> dictionary;
  private final int maxLength;

  /**
   * Creates a mutator.
   *
   * @param seed fixes the sequence of inputs
   * @param corpus the inputs to mutate; must not be empty
   * @param dictionary tokens worth inserting, such as keywords and extreme numbers of the format
   * @param maxLength the longest input it returns
   */
  public SeededMutator(long seed, List<byte[]> corpus, List<byte[]> dictionary, int maxLength) {
    if (corpus.isEmpty()) {
      throw new IllegalArgumentException("corpus: empty (expected: at least one input)");
    }
    this.random = new SplittableRandom(seed);
    this.corpus = List.copyOf(corpus);
    this.dictionary = List.copyOf(dictionary);
    this.maxLength = maxLength;
  }

  /** Returns the next mutated input. */
  public byte[] next() {
    byte[] out = corpus.get(random.nextInt(corpus.size()));
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      out = mutate(out);
    }
    return out.length > maxLength ? Arrays.copyOf(out, maxLength) : out;
  }

  private byte[] mutate(byte[] in) {
    int n = in.length;
    int at = n == 0 ? 0 : random.nextInt(n + 1);
    return switch (random.nextInt(8)) {
      case 0 -> set(in, at, n == 0 ? 0 : in[Math.min(at, n - 1)] ^ (1 << random.nextInt(8)));
      case 1 -> set(in, at, SPECIAL[random.nextInt(SPECIAL.length)]);
      case 2 ->
          dictionary.isEmpty()
              ? in
              : insert(in, at, dictionary.get(random.nextInt(dictionary.size())), 1);
      case 3 -> delete(in, at, random.nextInt(Math.max(1, n - at + 1)));
      case 4 -> {
        int length = 1 + random.nextInt(Math.min(16, Math.max(1, n - at)));
        byte[] run = Arrays.copyOfRange(in, at, Math.min(n, at + length));
        yield insert(in, at, run, 1 + random.nextInt(64));
      }
      case 5 -> Arrays.copyOf(in, at);
      case 6 -> {
        byte[] other = corpus.get(random.nextInt(corpus.size()));
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        byte[] out = Arrays.copyOf(in, at + other.length - from);
        System.arraycopy(other, from, out, at, other.length - from);
        yield out;
      }
      default -> insert(in, at, new byte[] {(byte) random.nextInt(256)}, 1);
    };
  }

  private static byte[] set(byte[] in, int at, int value) {
    if (in.length == 0) {
      return new byte[] {(byte) value};
    }
    byte[] out = in.clone();
    out[Math.min(at, in.length - 1)] = (byte) value;
    return out;
  }

  private static byte[] insert(byte[] in, int at, byte[] token, int times) {
    byte[] out = new byte[in.length + token.length * times];
    System.arraycopy(in, 0, out, 0, at);
    for (int i = 0; i < times; i++) {
      System.arraycopy(token, 0, out, at + i * token.length, token.length);
    }
    System.arraycopy(in, at, out, at + token.length * times, in.length - at);
    return out;
  }

  private static byte[] delete(byte[] in, int at, int length) {
    byte[] out = new byte[in.length - length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(in, at + length, out, at, in.length - at - length);
    return out;
  }

  /**
   * Returns the tokens of a libFuzzer dictionary file, the resource {@code name} next to {@code
   * testClass}: one {@code "token"} or {@code name="token"} per line, with {@code \\}, {@code \"}
   * and {@code \xHH} escapes; {@code #} starts a comment line.
   */
  public static List<byte[]> dictionary(Class<?> testClass, String name) {
    List<byte[]> out = new ArrayList<>();
    try (var in = testClass.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no dictionary " + name + " next to " + testClass);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n", -1)) {
        int open = line.indexOf('"');
        if (line.startsWith("#") || open < 0 || !line.endsWith("\"") || line.length() - open < 2) {
          continue;
        }
        out.add(unescape(line.substring(open + 1, line.length() - 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static byte[] unescape(String token) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] raw = token.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\\' && i + 1 < raw.length) {
        if (raw[i + 1] == 'x' && i + 3 < raw.length) {
          out.write(Integer.parseInt(new String(raw, i + 2, 2, StandardCharsets.US_ASCII), 16));
          i += 3;
        } else {
          out.write(raw[++i]);
        }
      } else {
        out.write(raw[i]);
      }
    }
    return out.toByteArray();
  }

  /**
   * Returns the seed corpus of a Jazzer fuzz test: the files of the test resource folder {@code
   * <TestClass>Inputs/<method>/}, in name order.
   *
   * @throws IllegalStateException if the folder is missing or empty
   */
  public static List<byte[]> corpus(Class<?> testClass, String method) {
    String folder = testClass.getSimpleName() + "Inputs/" + method;
    URL url = testClass.getResource(folder);
    if (url == null) {
      throw new IllegalStateException("no seed corpus " + folder + " next to " + testClass);
    }
    List<byte[]> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.add(Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("seed corpus " + folder + " is empty");
    }
    return out;
  }
}
