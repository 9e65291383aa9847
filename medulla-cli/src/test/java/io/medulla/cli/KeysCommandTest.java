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

class KeysCommandTest {
  @TempDir Path dir;
  private StringWriter err = new StringWriter();
  private StringWriter out = new StringWriter();

  private int run(String... args) {
    err = new StringWriter();
    out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));
    return cli.execute(args);
  }

  private String file() {
    return dir.resolve("keys.json").toString();
  }

  private String create(String principal, String label) {
    assertThat(
            run(
                "keys",
                "create",
                "--keys-file",
                file(),
                "--principal",
                principal,
                "--label",
                label))
        .isZero();
    return out.toString().strip();
  }

  @Test
  void createPrintsTheKeyOnceWithAWarningAndKeepsOnlyItsHash() throws IOException {
    String key = create("alice", "laptop");

    assertThat(key).matches("mdk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}");
    assertThat(err.toString()).contains("cannot be shown again").doesNotContain(key);
    assertThat(Files.readString(dir.resolve("keys.json"))).doesNotContain(key);
  }

  @Test
  void listShowsIdPrincipalAndLabelButNeverSecretsOrHashes() {
    String key = create("alice", "laptop");
    String keyId = key.substring(4, 16);

    assertThat(run("keys", "list", "--keys-file", file())).isZero();

    assertThat(out.toString())
        .contains("KEY ID", "PRINCIPAL", "LAST USED", "REVOKED")
        .contains(keyId, "alice", "laptop")
        .doesNotContain(key.substring(17))
        .doesNotContainPattern("[0-9a-f]{64}");
  }

  @Test
  void revokeMarksTheKeyRevoked() {
    String keyId = create("alice", "laptop").substring(4, 16);

    assertThat(run("keys", "revoke", "--keys-file", file(), keyId)).isZero();
    assertThat(out.toString()).contains("Revoked API key " + keyId);

    run("keys", "list", "--keys-file", file());
    String row = out.toString().lines().filter(l -> l.startsWith(keyId)).findFirst().orElseThrow();
    assertThat(row).doesNotEndWith("-");
  }

  @Test
  void revokingAnUnknownKeyFailsWithExitCodeOne() {
    assertThat(run("keys", "revoke", "--keys-file", file(), "aaaaaaaaaaaa")).isEqualTo(1);
    assertThat(err.toString()).contains("no key with id 'aaaaaaaaaaaa'");
  }

  @Test
  void keysFileIsRequired() {
    assertThat(run("keys", "list")).isNotZero();
    assertThat(err.toString()).contains("--keys-file");
  }

  @Test
  void unreadableKeyFileFailsWithExitCodeTwo() throws IOException {
    Files.writeString(dir.resolve("keys.json"), "not json");

    assertThat(run("keys", "list", "--keys-file", file())).isEqualTo(2);
    assertThat(err.toString()).contains("not valid JSON");
  }

  @Test
  void keysWithoutASubcommandShowsTheChoices() {
    assertThat(run("keys")).isNotZero();
    assertThat(err.toString()).contains("create").contains("list").contains("revoke");
  }
}
