package org.ombuds.backup.internal;

import java.nio.file.Path;

/** Where things are in the data folder and in a backup: entries are the data folder's relative paths. */
public final class Layout {
    public static final String DATABASE = "ombuds.db";
    public static final String KEYS = "keys/";
    public static final String ATTACHMENTS = "attachments/";
    /** The consistent copy of the database is made here, inside the data folder (as confidential as the original). */
    public static final String SNAPSHOT_PREFIX = ".backup-";

    private Layout() {
    }

    /**
     * Whether a file of the data folder is copied as it is. The live database and its journal are not (the consistent
     * copy takes its place), nor a snapshot in progress, nor files still being written (attachments and key sets are
     * written to a temporary name first and then moved into place).
     */
    public static boolean copied(Path relative) {
        String name = relative.getFileName().toString();
        String first = relative.getName(0).toString();
        if (relative.getNameCount() == 1 && (name.equals(DATABASE) || name.startsWith(DATABASE + "-"))) return false;
        if (first.startsWith(SNAPSHOT_PREFIX)) return false;
        return !name.endsWith(".part") && !name.endsWith(".tmp");
    }

    public static String entryName(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    public static boolean isKeySet(String entry) {
        return entry.startsWith(KEYS);
    }

    public static boolean isAttachment(String entry) {
        return entry.startsWith(ATTACHMENTS);
    }
}
