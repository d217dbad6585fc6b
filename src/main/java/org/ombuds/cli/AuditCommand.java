package org.ombuds.cli;

import org.ombuds.audit.AuditLog;
import org.ombuds.audit.AuditVerification;

import picocli.CommandLine.Command;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the audit log.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the hash chain of the audit log; exit 1 naming the first entry that was altered, removed or reordered.")
    static final class Verify extends DataCommand {
        @Override
        public Integer call() {
            AuditVerification result = bean(AuditLog.class).verify();
            if (result.intact()) {
                out().println("audit chain intact: " + result.entries() + " entries");
                return 0;
            }
            out().println("audit chain broken at entry " + result.brokenAt() + ": " + result.problem());
            return OmbudsCommandLine.FAILURE;
        }
    }
}
