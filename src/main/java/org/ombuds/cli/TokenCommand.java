package org.ombuds.cli;

import java.time.Instant;

import org.ombuds.accounts.ApiTokens;
import org.ombuds.accounts.IssuedToken;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Create and revoke API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for a staff account (--email) or for a space's ban checks (--space);"
                    + " the token is the last line of stdout and is shown only once.")
    static final class Create extends DataCommand {
        @ArgGroup(exclusive = true, multiplicity = "1") Owner owner;
        @Option(names = "--expires", paramLabel = "WHEN", converter = Expiry.class,
                description = "a duration (90d, 12h, 4w) or a date (2027-01-31); default: never") Instant expires;
        @Option(names = "--label", paramLabel = "TEXT", description = "what the token is for") String label;

        static final class Owner {
            @Option(names = "--email", required = true, paramLabel = "E", description = "the staff account") String email;
            @Option(names = "--space", required = true, paramLabel = "S", description = "the space's slug") String space;
        }

        @Override
        public Integer call() {
            ApiTokens tokens = bean(ApiTokens.class);
            IssuedToken issued = owner.email != null
                    ? tokens.createForAccount(owner.email, expires, label)
                    : tokens.createForSpace(owner.space, expires, label);
            err().println("Token " + issued.id() + (issued.expiresAt() == null ? "" : ", expires " + issued.expiresAt())
                    + ". Store it now: it is not shown again.");
            out().println(issued.token());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token; it stops working at once.")
    static final class Revoke extends DataCommand {
        @Option(names = "--token", required = true, paramLabel = "T") String token;

        @Override
        public Integer call() {
            if (!bean(ApiTokens.class).revoke(token)) {
                throw new org.ombuds.platform.NotFoundException("no active token matches; it may be revoked already");
            }
            out().println("revoked");
            return 0;
        }
    }
}
