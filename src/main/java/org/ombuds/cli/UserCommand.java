package org.ombuds.cli;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.PasswordSetups;
import org.ombuds.accounts.TwoFactor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage staff accounts.",
        subcommands = {UserCommand.Add.class, UserCommand.SetupLink.class, UserCommand.ResetTwoFactor.class})
final class UserCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create a staff account; prints its id (and a one-time link to set the password on stderr).")
    static final class Add extends DataCommand {
        @Option(names = "--email", required = true, paramLabel = "E", description = "sign-in email address") String email;
        @Option(names = "--name", required = true, paramLabel = "N", description = "display name") String name;
        @Option(names = "--role", required = true, paramLabel = "R", description = "admin, moderator or appeal-reviewer") String role;

        @Override
        public Integer call() {
            Account account = bean(Accounts.class).add(email, name, role);
            String link = bean(PasswordSetups.class).issue(account.id());
            err().println("Set the password within 24 hours at: " + link);
            out().println(account.id());
            return 0;
        }
    }

    @Command(name = "setup-link", mixinStandardHelpOptions = true,
            description = "Print a new one-time link with which the account sets its password (a reset).")
    static final class SetupLink extends DataCommand {
        @Option(names = "--email", required = true, paramLabel = "E") String email;

        @Override
        public Integer call() {
            Account account = bean(Accounts.class).requireByEmail(email);
            out().println(bean(PasswordSetups.class).issue(account.id()));
            return 0;
        }
    }

    @Command(name = "reset-2fa", mixinStandardHelpOptions = true,
            description = "Turn off the account's two-factor sign-in (for a member, or the last admin, who lost their phone and codes).")
    static final class ResetTwoFactor extends DataCommand {
        @Option(names = "--email", required = true, paramLabel = "E") String email;

        @Override
        public Integer call() {
            Account account = bean(Accounts.class).requireByEmail(email);
            bean(TwoFactor.class).reset(account.id());
            out().println("two-factor sign-in reset for " + account.email());
            return 0;
        }
    }
}
