package org.ombuds.cli;

import picocli.CommandLine.Command;

/** Listed for --help; the launcher starts the server itself (see Ombuds.main) since it outlives this call. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server (the default without a command); port from SERVER_PORT (8080).")
final class ServeCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("serve is started by the launcher");
    }
}
