package org.ombuds.cli;

import org.ombuds.community.Communities;
import org.ombuds.community.Community;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "community", mixinStandardHelpOptions = true, description = "Manage communities.",
        subcommands = {CommunityCommand.Add.class})
final class CommunityCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a community; with --parent it follows the parent's Code until it publishes its own. Prints its id.")
    static final class Add extends DataCommand {
        @Option(names = "--slug", required = true, paramLabel = "S") String slug;
        @Option(names = "--name", required = true, paramLabel = "N") String name;
        @Option(names = "--parent", paramLabel = "P", description = "the parent community's slug") String parent;

        @Override
        public Integer call() {
            Community community = bean(Communities.class).create(slug, name, parent);
            out().println(community.id());
            return 0;
        }
    }
}
