package org.ombuds.cli;

import java.io.PrintWriter;
import java.util.Map;

import org.ombuds.platform.ConflictException;
import org.springframework.beans.factory.BeanFactory;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line in the same jar. Usage errors and refused input exit 2 with one line on stderr; other
 * failures exit 1 with one line; never a stack trace.
 */
@Command(name = "ombuds", mixinStandardHelpOptions = true, versionProvider = OmbudsCommandLine.Version.class,
        description = "Ombuds: Code-of-Conduct incident response. Without a command, runs the server.",
        subcommands = {ServeCommand.class, UserCommand.class, TokenCommand.class, SpaceCommand.class,
                CommunityCommand.class, CocCommand.class, KeysCommand.class, AuditCommand.class, PersonCommand.class,
                ImportCommand.class, BackupCommand.class, RestoreCommand.class})
public final class OmbudsCommandLine {
    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    /**
     * Runs one command against the given application (its class is passed in, so this module does not depend on
     * the launcher); {@code properties} override settings (the tests point them at their own data).
     */
    public static int execute(Class<?> application, String[] args, PrintWriter out, PrintWriter err, Map<String, Object> properties) {
        return execute(new CliContext(application, properties), args, out, err);
    }

    /** Runs one command against an application that is already running. */
    public static int execute(BeanFactory running, String[] args, PrintWriter out, PrintWriter err) {
        return execute(new CliContext(running), args, out, err);
    }

    private static int execute(CliContext cliContext, String[] args, PrintWriter out, PrintWriter err) {
        try (CliContext context = cliContext) {
            CommandLine commandLine = new CommandLine(new OmbudsCommandLine(), new Factory(context));
            commandLine.setOut(out);
            commandLine.setErr(err);
            commandLine.setParameterExceptionHandler((e, arguments) -> {
                String command = e.getCommandLine().getCommandSpec().qualifiedName();
                err.println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
                return USAGE;
            });
            commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
                String command = cl.getCommandSpec().qualifiedName();
                if (e instanceof InvalidInputException || e instanceof ConflictException || e instanceof NotFoundException) {
                    err.println(command + ": " + e.getMessage());
                    return USAGE;
                }
                err.println(command + ": failed: " + rootMessage(e));
                return FAILURE;
            });
            return commandLine.execute(args);
        } catch (RuntimeException e) {
            err.println("ombuds: failed: " + rootMessage(e));
            return FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Commands get the application's services from the lazily started context. */
    private record Factory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            K instance = CommandLine.defaultFactory().create(type);
            if (instance instanceof ContextAware aware) aware.context(context);
            return instance;
        }
    }

    interface ContextAware {
        void context(CliContext context);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = OmbudsCommandLine.class.getPackage().getImplementationVersion();
            return new String[] {"ombuds " + (version == null ? "(development)" : version)};
        }
    }
}
