package org.ombuds.backup;

/** Told after each piece written or restored, with the totals so far; the console decides how often to show them. */
@FunctionalInterface
public interface BackupProgress {
    BackupProgress SILENT = (bytes, files) -> { };

    void advanced(long bytes, int files);
}
