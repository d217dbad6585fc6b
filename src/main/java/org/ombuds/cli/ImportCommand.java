package org.ombuds.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.cases.Cases;
import org.ombuds.imports.CaseImport;
import org.ombuds.platform.InvalidInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true, description = "Import the committee's earlier records.",
        subcommands = {ImportCommand.CasesFromCsv.class})
final class ImportCommand {

    @Command(name = "cases", mixinStandardHelpOptions = true,
            description = "Import past cases and sanctions from a CSV file (columns in the README): all rows or, when any row is bad, none.")
    static final class CasesFromCsv extends DataCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "CSV, UTF-8, with a header row") Path file;
        @Option(names = "--dry-run", description = "check every row and print what would be imported; write nothing") boolean dryRun;
        @Option(names = "--community", paramLabel = "C", description = "community slug (default: the first community)") String community;
        @Option(names = "--by", paramLabel = "E",
                description = "the admin recorded as having imported the decisions (default: the earliest active admin)") String by;

        @Override
        public Integer call() {
            Account importer = importer();
            CaseImport.Outcome outcome;
            try (InputStream csv = Files.newInputStream(file)) {
                outcome = bean(CaseImport.class).importCases(csv, community, importer.id(), dryRun,
                        (stage, done, total) -> err().println(stage + " " + done + " of " + total + " rows"));
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("FILE", "there is no file " + file);
            } catch (IOException e) {
                throw new InvalidInputException("FILE", "cannot read " + file + ": " + e.getMessage());
            }
            if (!outcome.errors().isEmpty()) {
                outcome.errors().forEach(error -> err().println(error));
                err().println(outcome.errors().size() + " bad row(s); nothing was imported");
                return OmbudsCommandLine.USAGE;
            }
            Cases cases = outcome.dryRun() ? null : bean(Cases.class);
            for (CaseImport.Planned row : outcome.rows()) {
                out().println("row " + row.row() + "\t" + row.reference() + "\t" + (row.action() == null ? "(no decision)" : row.action())
                        + "\t" + describe(row) + (cases == null ? "" : "\tcase " + cases.codeName(row.caseId())));
            }
            out().println((outcome.dryRun() ? "dry run: would import " : "imported ") + outcome.rows().size() + " case(s) and "
                    + outcome.sanctions() + " sanction(s); " + outcome.runningBans() + " ban(s) still running, recorded as applied by hand"
                    + (outcome.dryRun() ? "; nothing was written" : ", as " + importer.email()));
            return 0;
        }

        private static String describe(CaseImport.Planned row) {
            String sanction = switch (row.sanction()) {
                case "in-effect" -> row.until() == null ? "sanction in effect"
                        : "sanction in effect until " + LocalDate.ofInstant(row.until(), ZoneOffset.UTC);
                case "ended" -> "sanction ended";
                default -> "no sanction";
            };
            return sanction + "\t" + (row.knownPerson() ? "person known to Ombuds" : "new person");
        }

        private Account importer() {
            Accounts accounts = bean(Accounts.class);
            if (by != null) {
                Account account = accounts.requireByEmail(by);
                if (!account.active() || account.role() != Role.ADMIN) throw new InvalidInputException("by", by + " is not an active admin");
                return account;
            }
            return accounts.all().stream().filter(Account::active).filter(account -> account.role() == Role.ADMIN)
                    .min(Comparator.comparing(Account::createdAt))
                    .orElseThrow(() -> new InvalidInputException("by", "there is no admin yet: create one first (user add --role admin)"));
        }
    }
}
