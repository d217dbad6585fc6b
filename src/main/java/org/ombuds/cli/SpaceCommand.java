package org.ombuds.cli;

import org.ombuds.community.Space;
import org.ombuds.community.Spaces;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "space", mixinStandardHelpOptions = true, description = "Manage the spaces the Code covers.",
        subcommands = {SpaceCommand.Add.class, SpaceCommand.List.class})
final class SpaceCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a space; prints its id.")
    static final class Add extends DataCommand {
        @Option(names = "--slug", required = true, paramLabel = "S") String slug;
        @Option(names = "--kind", required = true, paramLabel = "K",
                description = "code-repository, issue-tracker, mailing-list, chat, forum, event or other") String kind;
        @Option(names = "--community", paramLabel = "C", description = "community slug (default: the first community)") String community;
        @Option(names = "--name", paramLabel = "N", description = "display name (default: the slug)") String name;

        @Override
        public Integer call() {
            Space space = bean(Spaces.class).add(slug, kind, community, name);
            out().println(space.id());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the spaces: slug, kind, id.")
    static final class List extends DataCommand {

        @Override
        public Integer call() {
            for (Space space : bean(Spaces.class).all()) {
                out().println(space.slug() + "\t" + space.kind().id() + "\t" + space.id());
            }
            return 0;
        }
    }
}
