package org.ombuds.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.ombuds.platform.InvalidInputException;

/**
 * The backup passphrase, from {@code --passphrase-file} or OMBUDS_BACKUP_PASSPHRASE, never from the command line
 * (where other users of the machine see it). A backup holds the master key set, so the secret that opens it must be
 * kept somewhere else.
 */
final class Passphrase {
    static final String VARIABLE = "OMBUDS_BACKUP_PASSPHRASE";
    static final int MINIMUM = 12;

    private Passphrase() {
    }

    static char[] read(Path file) {
        String passphrase;
        if (file != null) {
            try {
                // A file written by an editor or `echo` ends with a line break that is not part of the passphrase.
                passphrase = Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("passphrase-file", "there is no passphrase file " + file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the passphrase file " + file, e);
            }
        } else {
            passphrase = System.getenv(VARIABLE);
        }
        if (passphrase == null || passphrase.isEmpty()) {
            throw new InvalidInputException("passphrase", "a backup is encrypted with a passphrase that is not in it: set "
                    + VARIABLE + " or give --passphrase-file FILE");
        }
        return passphrase.toCharArray();
    }

    /** For a new backup: it protects the master key set against whoever gets hold of the file. */
    static char[] readNew(Path file) {
        char[] passphrase = read(file);
        if (passphrase.length < MINIMUM) {
            throw new InvalidInputException("passphrase", "the backup passphrase must have at least " + MINIMUM + " characters");
        }
        return passphrase;
    }
}
