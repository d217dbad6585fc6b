package org.ombuds.cli;

import org.ombuds.crypto.KeyRotation;

import picocli.CommandLine.Command;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage the encryption keys in the data folder.",
        subcommands = {KeysCommand.Rotate.class})
final class KeysCommand {

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Make a new master key primary; data sealed with earlier keys stays readable. Restart running servers afterwards.")
    static final class Rotate extends DataCommand {
        @Override
        public Integer call() {
            int id = bean(KeyRotation.class).rotateMasterKey();
            err().println("New data keys are wrapped with the new master key once the server is restarted. Back up the keys folder now.");
            out().println("master key " + Integer.toUnsignedString(id) + " is now primary");
            return 0;
        }
    }
}
