package org.ombuds.backup.internal;

import java.io.IOException;

import org.ombuds.platform.InvalidInputException;

/** The backup's content does not authenticate: it was damaged, altered or cut off after it was written. */
public final class DamagedBackupException extends InvalidInputException {
    public DamagedBackupException(IOException cause) {
        super("file", "the backup is damaged or was altered (its content does not authenticate); nothing was restored");
        initCause(cause);
    }
}
