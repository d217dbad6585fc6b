package org.ombuds.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ombuds.retention.DataSubjectRequests;
import org.ombuds.retention.PersonExport;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "person", mixinStandardHelpOptions = true, description = "Data-subject requests about a person.",
        subcommands = {PersonCommand.Export.class})
final class PersonCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write everything held about the person known by a handle (all their handles and merged records) as one JSON file;"
                    + " other people's identities are redacted. Prints the file's path.")
    static final class Export extends DataCommand {
        @Option(names = "--handle", required = true, paramLabel = "KIND:VALUE") String handle;
        @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

        @Override
        public Integer call() throws IOException {
            if (Files.isDirectory(out)) throw new CommandLine.ParameterException(spec.commandLine(), "--out names a folder, not a file: " + out);
            DataSubjectRequests requests = bean(DataSubjectRequests.class);
            PersonExport export = requests.exportLocally(requests.personByHandle(handle));
            Files.writeString(out, bean(JsonMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(export));
            out().println(out);
            return 0;
        }
    }
}
