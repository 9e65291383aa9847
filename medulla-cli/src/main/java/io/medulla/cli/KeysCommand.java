package io.medulla.cli;

import io.medulla.security.ApiKeyInfo;
import io.medulla.security.ApiKeys;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code medulla keys}: creates, lists and revokes API keys in a key file. A running server that
 * uses the same file picks the changes up by itself.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Creates, lists and revokes API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
  /** What every subcommand shares: the key file and the error stream. */
  abstract static class KeyFileCommand implements Callable<Integer> {
    @SuppressWarnings("NullAway.Init") // picocli injects it before call()
    @Spec
    CommandSpec spec;

    @Option(
        names = "--keys-file",
        required = true,
        paramLabel = "FILE",
        description = "The API key file (JSON; created with mode 0600 on first write).")
    Path keysFile = Path.of("keys.json");

    @Override
    public final Integer call() {
      try {
        return run(ApiKeys.open(keysFile, WallClock.system()));
      } catch (IOException | IllegalArgumentException e) {
        err().println("medulla keys: " + keysFile + ": " + e.getMessage());
        err().flush();
        return 2;
      }
    }

    abstract int run(ApiKeys keys) throws IOException;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }
  }

  /** {@code medulla keys create}: makes a key and prints it, once. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates an API key for a principal and prints it once.")
  static final class Create extends KeyFileCommand {
    @Option(
        names = "--principal",
        required = true,
        description = "The principal the key authenticates, as declared in the tenants file.")
    String principal = "";

    @Option(names = "--label", description = "A note to recognise the key by in 'keys list'.")
    @Nullable String label;

    @Override
    int run(ApiKeys keys) throws IOException {
      ApiKeys.CreatedKey key = keys.create(principal, label);
      err().println("Created API key " + key.keyId() + " for principal '" + principal + "'.");
      err().println("Store it now: it cannot be shown again (only its hash is kept).");
      err().flush();
      out().println(key.plaintext());
      out().flush();
      return 0;
    }
  }

  /** {@code medulla keys list}: prints every key's record, never a secret or a hash. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists API keys: id, principal, label, created, last used, revoked.")
  static final class ListKeys extends KeyFileCommand {
    @Override
    int run(ApiKeys keys) {
      List<ApiKeyInfo> all = keys.list();
      PrintWriter out = out();
      out.printf(
          "%-12s  %-24s  %-20s  %-20s  %-20s  %-20s%n",
          "KEY ID", "PRINCIPAL", "LABEL", "CREATED", "LAST USED", "REVOKED");
      for (ApiKeyInfo k : all) {
        out.printf(
            "%-12s  %-24s  %-20s  %-20s  %-20s  %-20s%n",
            k.keyId(),
            k.principalId(),
            k.label() == null ? "-" : k.label(),
            time(k.created()),
            time(k.lastUsed()),
            time(k.revoked()));
      }
      out.flush();
      return 0;
    }

    private static String time(@Nullable Instant t) {
      return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
  }

  /** {@code medulla keys revoke}: revokes a key by id. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes an API key; a running server refuses it within seconds.")
  static final class Revoke extends KeyFileCommand {
    @Parameters(paramLabel = "KEY_ID", description = "The key's id, as 'keys list' shows it.")
    String keyId = "";

    @Override
    int run(ApiKeys keys) throws IOException {
      if (!keys.revoke(keyId)) {
        err().println("medulla keys revoke: no key with id '" + keyId + "'");
        err().flush();
        return 1;
      }
      out().println("Revoked API key " + keyId + ".");
      out().flush();
      return 0;
    }
  }
}
