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
    assertThat(err.toString()).contains("none, poll or explicit");
  }

  @Test
  void missingRepositoryIsRequired() {
    assertThat(run("serve")).isNotZero();
    assertThat(err.toString()).contains("--model-repository");
  }

  @Test
  void helpListsTheTenancyFlags() {
    assertThat(run("serve", "--help")).isZero();
    assertThat(out.toString()).contains("--tenants").contains("--trust-tenant-header");
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
}
