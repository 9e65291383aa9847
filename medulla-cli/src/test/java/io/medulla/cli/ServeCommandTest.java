package io.medulla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));
    return cli.execute(args);
  }

  @Test
  void helpListsTritonFlagNames() {
    assertThat(run("serve", "--help")).isZero();
    assertThat(out.toString())
        .contains("--model-repository")
        .contains("--http-port")
        .contains("--grpc-port")
        .contains("--metrics-port")
        .contains("--model-control-mode")
        .contains("--load-model")
        .contains("--repository-poll-secs")
        .contains("--strict-model-config");
  }

  @Test
  void unknownControlModeIsRefusedWithTheChoices() {
    assertThat(run("serve", "--model-repository", ".", "--model-control-mode", "sometimes"))
        .isNotZero();
    assertThat(err.toString()).contains("none, poll, explicit or on_demand");
  }

  @Test
  void missingRepositoryIsRequired() {
    assertThat(run("serve")).isNotZero();
    assertThat(err.toString()).contains("--model-repository");
  }

  @Test
  void helpListsTheTenancyFlags() {
    assertThat(run("serve", "--help")).isZero();
    assertThat(out.toString()).contains("--tenants").contains("--anonymous-loopback-tenant");
  }

  @Test
  void helpListsTheAuditFlagsAndSaysNoAuditIsForBenchmarksOnly() {
    assertThat(run("serve", "--help")).isZero();
    assertThat(out.toString())
        .contains("--data-dir", "--audit-store", "--audit-signing-key", "--audit-secret")
        .contains("--audit-fail-open", "--audit-checkpoint-every", "--audit-retention-days")
        .contains("--node-id", "--no-audit", "FOR BENCHMARKS ONLY");
  }

  @Test
  void badTenantsFileStopsTheServerWithExitCodeTwoNamingFileTenantAndField(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(file, "tenants:\n  - id: st-marys\n    wieght: 2\n");

    assertThat(run("serve", "--model-repository", dir.toString(), "--tenants", file.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("tenants file " + file)
        .contains("tenant 'st-marys'")
        .contains("unknown key 'wieght'");
  }

  @Test
  void missingTenantsFileStopsTheServerWithExitCodeTwo(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThat(run("serve", "--model-repository", dir.toString(), "--tenants", file.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("tenants file " + file + ": does not exist");
  }

  @Test
  void helpListsTheTransportFlags() {
    assertThat(run("serve", "--help")).isZero();
    assertThat(out.toString())
        .contains("--tls-cert")
        .contains("--tls-key")
        .contains("--tls-client-ca")
        .contains("--tls-client-auth")
        .contains("--tls-reload-secs")
        .contains("--idle-timeout-secs")
        .contains("--max-header-bytes")
        .contains("--max-concurrent-streams")
        .contains("--max-connections")
        .contains("--allow-insecure-remote");
  }

  @Test
  void nonLoopbackAddressWithoutTlsStopsWithWhatToDo(@TempDir Path dir) {
    assertThat(run("serve", "--model-repository", dir.toString(), "--address", "0.0.0.0"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--address 0.0.0.0 is not a loopback address")
        .contains("--tls-cert and --tls-key")
        .contains("--allow-insecure-remote");
  }

  @Test
  void certificateWithoutKeyStopsTheServer(@TempDir Path dir) {
    assertThat(
            run(
                "serve",
                "--model-repository",
                dir.toString(),
                "--tls-cert",
                dir.resolve("server.pem").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
  }

  @Test
  void missingCertificateFileIsNamedByItsFlag(@TempDir Path dir) {
    assertThat(
            run(
                "serve",
                "--model-repository",
                dir.toString(),
                "--tls-cert",
                dir.resolve("server.pem").toString(),
                "--tls-key",
                dir.resolve("server.key").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--tls-cert: no such file");
  }

  @Test
  void clientAuthModeMustBeKnown(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("x.pem"), "");
    assertThat(
            run(
                "serve",
                "--model-repository",
                dir.toString(),
                "--tls-cert",
                file.toString(),
                "--tls-key",
                file.toString(),
                "--tls-client-auth",
                "sometimes"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--tls-client-auth: sometimes (expected: none, optional or require)");
  }

  @Test
  void connectionLimitsAreValidatedNamingTheFlag(@TempDir Path dir) {
    assertThat(run("serve", "--model-repository", dir.toString(), "--max-concurrent-streams", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--max-concurrent-streams: 0 (expected: > 0)");
  }
}
