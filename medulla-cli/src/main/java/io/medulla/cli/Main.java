package io.medulla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs {@code medulla <command>}; the launcher {@code ./medulla} calls this. */
@Command(
    name = "medulla",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Medulla: an inference server for clinical AI.",
    subcommands = {
      ServeCommand.class,
      KeysCommand.class,
      AuditCommand.class,
      ProfileCommand.class,
      PlanCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  private Main() {}

  /** Parses the command line, runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line with every command registered, for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
