package org.ombuds.cli;

import java.util.concurrent.Callable;

import org.ombuds.community.Communities;
import org.ombuds.community.Community;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "community", mixinStandardHelpOptions = true, description = "Manage communities.",
        subcommands = {CommunityCommand.Add.class})
final class CommunityCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a community; with --parent it follows the parent's Code until it publishes its own. Prints its id.")
    static final class Add implements Callable<Integer>, OmbudsCommandLine.ContextAware {
        @Spec CommandSpec spec;
        @Option(names = "--slug", required = true, paramLabel = "S") String slug;
        @Option(names = "--name", required = true, paramLabel = "N") String name;
        @Option(names = "--parent", paramLabel = "P", description = "the parent community's slug") String parent;
        private CliContext context;

        @Override
        public void context(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Community community = context.bean(Communities.class).create(slug, name, parent);
            spec.commandLine().getOut().println(community.id());
            return 0;
        }
    }
}
