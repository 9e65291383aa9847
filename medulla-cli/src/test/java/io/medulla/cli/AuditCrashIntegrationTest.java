package io.medulla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditStore;
import io.medulla.audit.AuditVerifier;
import io.medulla.audit.CheckpointSigner;
import io.medulla.audit.VerificationReport;
import io.medulla.audit.jdbc.AuditStores;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real server process (SIGKILL) while clients are being answered, restarts it on the same
 * SQLite store, and checks that the chain still verifies and that every answer a client received
 * has its record: a response is never released before its record is durable.
 */
class AuditCrashIntegrationTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "models");
  private static final String NODE = "crash-node";
  private static final String BODY =
      "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
          + ints()
          + "]},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
          + ints()
          + "]}]}";

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String ints() {
    return IntStream.range(0, 16).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process serve(int httpPort, String log) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        List.of(
            java,
            "--enable-native-access=ALL-UNNAMED",
            // ONNX Runtime's initialisation overflows the default 1 MiB main-thread stack here.
            "-Xss16m",
            "-cp",
            System.getProperty("java.class.path"),
            "io.medulla.cli.Main",
            "serve",
            "--model-repository",
            EXAMPLES.toString(),
            "--http-port",
            Integer.toString(httpPort),
            "--grpc-port",
            Integer.toString(freePort()),
            "--metrics-port",
            Integer.toString(freePort()),
            "--anonymous-loopback-tenant",
            "default",
            "--data-dir",
            dir.resolve("data").toString(),
            "--node-id",
            NODE,
            "--audit-checkpoint-every",
            "50");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(log).toFile())
        .start();
  }

  /** Polls readiness, pacing the polls by waiting for the process to exit (it should not). */
  private void awaitReady(Process p, int port, String log) throws Exception {
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    for (int attempt = 0; attempt < 1200; attempt++) {
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "the server exited with " + p.exitValue() + ": " + Files.readString(dir.resolve(log)));
      }
    }
    throw new AssertionError("the server did not become ready");
  }

  private HttpRequest infer(int port) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v2/models/simple/infer"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(BODY))
        .build();
  }

  @Test
  void everyAnswerSurvivesAKillAndTheChainStillVerifies() throws Exception {
    int port = freePort();
    Process first = serve(port, "first.log");
    ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      awaitReady(first, port, "first.log");
      CountDownLatch enough = new CountDownLatch(200);
      AtomicInteger failures = new AtomicInteger();
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        running.add(
            clients.submit(
                () -> {
                  while (first.isAlive()) {
                    try {
                      HttpResponse<String> r =
                          http.send(infer(port), HttpResponse.BodyHandlers.ofString());
                      if (r.statusCode() == 200) {
                        answered.add(r.headers().firstValue("x-medulla-request-id").orElseThrow());
                        enough.countDown();
                      }
                    } catch (IOException e) {
                      failures.incrementAndGet();
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }));
      }
      assertThat(enough.await(120, TimeUnit.SECONDS)).isTrue();
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      first.destroyForcibly();
      clients.shutdownNow();
    }

    Process second = serve(port, "second.log");
    try {
      awaitReady(second, port, "second.log");
      HttpResponse<String> after = http.send(infer(port), HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(200);
      answered.add(after.headers().firstValue("x-medulla-request-id").orElseThrow());
    } finally {
      second.destroy();
      if (!second.waitFor(60, TimeUnit.SECONDS)) {
        second.destroyForcibly();
      }
    }

    Path data = dir.resolve("data");
    try (AuditStore store = AuditStores.open("jdbc:sqlite:" + data.resolve("audit.db"))) {
      VerificationReport report =
          new AuditVerifier(
                  store,
                  CheckpointSigner.readPublicKey(
                      CheckpointSigner.publicKeyFileOf(data.resolve("audit-signing-key.pem"))))
              .verify();
      assertThat(report.firstProblem()).isEmpty();
      assertThat(report.intact()).isTrue();
      Set<String> recorded = new HashSet<>();
      for (AuditRecord r : store.records(NODE, 1, 10_000_000)) {
        recorded.add(r.event().requestId());
      }
      assertThat(answered).hasSizeGreaterThan(200);
      assertThat(recorded).containsAll(answered);
    }
  }
}
