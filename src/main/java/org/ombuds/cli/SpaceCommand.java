package org.ombuds.cli;

import java.util.concurrent.Callable;

import org.ombuds.community.Space;
import org.ombuds.community.Spaces;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "space", mixinStandardHelpOptions = true, description = "Manage the spaces the Code covers.",
        subcommands = {SpaceCommand.Add.class, SpaceCommand.List.class})
final class SpaceCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a space; prints its id.")
    static final class Add implements Callable<Integer>, OmbudsCommandLine.ContextAware {
        @Spec CommandSpec spec;
        @Option(names = "--slug", required = true, paramLabel = "S") String slug;
        @Option(names = "--kind", required = true, paramLabel = "K",
                description = "code-repository, issue-tracker, mailing-list, chat, forum, event or other") String kind;
        @Option(names = "--community", paramLabel = "C", description = "community slug (default: the first community)") String community;
        @Option(names = "--name", paramLabel = "N", description = "display name (default: the slug)") String name;
        private CliContext context;

        @Override
        public void context(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Space space = context.bean(Spaces.class).add(slug, kind, community, name);
            spec.commandLine().getOut().println(space.id());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the spaces: slug, kind, id.")
    static final class List implements Callable<Integer>, OmbudsCommandLine.ContextAware {
        @Spec CommandSpec spec;
        private CliContext context;

        @Override
        public void context(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            for (Space space : context.bean(Spaces.class).all()) {
                spec.commandLine().getOut().println(space.slug() + "\t" + space.kind().id() + "\t" + space.id());
            }
            return 0;
        }
    }
}
