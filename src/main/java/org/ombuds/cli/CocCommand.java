package org.ombuds.cli;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.platform.InvalidInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "coc", mixinStandardHelpOptions = true, description = "Publish the Code of Conduct.",
        subcommands = {CocCommand.Publish.class})
final class CocCommand {

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish FILE (Markdown) as the next version of the Code; prints the version number and its sha256.")
    static final class Publish extends DataCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "the Code as a UTF-8 Markdown file") Path file;
        @Option(names = "--effective", paramLabel = "WHEN", converter = Expiry.class,
                description = "when it takes effect: a date (2027-01-31), an instant, or a delay (14d); default: now") Instant effective;
        @Option(names = "--community", paramLabel = "C", description = "community slug (default: the first community)") String community;
        @Option(names = "--note", paramLabel = "TEXT", description = "what changed, shown with the version") String note;
        @Option(names = "--kind", paramLabel = "ACTION=KIND[,QUORUM]",
                description = "the kind of an action that is not the default Code's (no-action, advisory, conditional, role-removal,"
                        + " timed-ban, ban) and optionally its quorum, such as mediation=conditional,2; repeatable")
        java.util.List<String> kinds = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            String markdown;
            try {
                markdown = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("FILE", "there is no file " + file);
            } catch (MalformedInputException e) {
                throw new InvalidInputException("FILE", file + " is not UTF-8 text");
            } catch (IOException e) {
                throw new InvalidInputException("FILE", "cannot read " + file + ": " + e.getMessage());
            }
            CodeVersion version = bean(CodeOfConduct.class).publish(community, markdown, effective, "cli", note,
                    org.ombuds.coc.ActionDeclaration.parse(String.join("\n", kinds)));
            out().println("version " + version.version() + " sha256 " + version.sha256()
                    + " effective " + version.effectiveAt());
            return 0;
        }
    }
}
