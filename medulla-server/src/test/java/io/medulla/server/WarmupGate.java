package io.medulla.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Holds a model load in progress, without any hook in the server: the model's warm-up reads its
 * input data file from a named pipe, and the load blocks in that read until the test writes the
 * data. The pipe also tells the test when the load has begun: opening it for writing returns only
 * once the load has opened it for reading. The load is then past the memory budget's reservation
 * and before the backend load; the model shows LOADING.
 *
 * <p>POSIX only ({@code mkfifo}); elsewhere the test using it is skipped.
 *
 * <p>Close it before the server: a load still blocked would keep the server from closing. Closing
 * gives the load an empty file (its warm-up then fails), and removes the pipe so that no later load
 * blocks on it. Not thread-safe: one test thread drives it.
 */
final class WarmupGate implements AutoCloseable {
  /** Guards against a test that never starts the load; never used to order events. */
  private static final long NEVER_SECONDS = 60;

  private final Path pipe;
  private @Nullable OutputStream writer;

  private WarmupGate(Path pipe) {
    this.pipe = pipe;
  }

  /** Creates the named pipe at {@code pipe} (its folder is created too). */
  static WarmupGate at(Path pipe) {
    try {
      Files.createDirectories(pipe.getParent());
      Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
      assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo here: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new WarmupGate(pipe);
  }

  /** Returns once the load has opened the pipe: from then on it waits for {@link #release}. */
  void awaitLoad() {
    CompletableFuture<OutputStream> opening = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("warmup-gate")
        .start(
            () -> {
              try {
                opening.complete(new FileOutputStream(pipe.toFile()));
              } catch (IOException | RuntimeException e) {
                opening.completeExceptionally(e);
              }
            });
    try {
      writer = opening.get(NEVER_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // Unblock the opener by reading ourselves, so that no thread is left behind.
      try (FileInputStream unblock = new FileInputStream(pipe.toFile())) {
        opening.join().close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw new AssertionError("the model load never read its warm-up data from " + pipe, e);
    } catch (ExecutionException e) {
      throw new AssertionError("cannot open " + pipe, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Lets the load go on: it reads {@code data} as its warm-up input. */
  void release(byte[] data) {
    OutputStream w = writer;
    if (w == null) {
      throw new IllegalStateException("awaitLoad first");
    }
    writer = null;
    try (w) {
      w.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    OutputStream w = writer;
    writer = null;
    if (w != null) {
      w.close();
    }
    // Read-write never blocks on a pipe (Linux), and releases a load blocked opening it for
    // reading;
    // with the pipe gone, a later load fails at once instead of blocking.
    if (Files.exists(pipe)) {
      try (RandomAccessFile releasing = new RandomAccessFile(pipe.toFile(), "rw")) {
        Files.delete(pipe);
      }
    }
  }
}
