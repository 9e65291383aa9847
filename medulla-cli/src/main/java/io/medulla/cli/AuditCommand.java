package io.medulla.cli;

import picocli.CommandLine.Command;

/** {@code medulla audit}: verifies, exports and prunes the audit trail. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Verifies, exports and prunes the audit trail.",
    subcommands = {AuditVerifyCommand.class, AuditExportCommand.class, AuditPruneCommand.class})
final class AuditCommand {}
