package org.ombuds.cli;

import java.io.PrintWriter;

import org.ombuds.backup.BackupProgress;

/**
 * Progress of a long backup or restore on stderr, at most one line every few seconds, so that a short run (and a
 * script reading stdout) sees none.
 */
final class ConsoleProgress implements BackupProgress {
    private static final long EVERY_NANOS = 3_000_000_000L;
    private final PrintWriter err;
    private final String what;
    private long next = System.nanoTime() + EVERY_NANOS;

    ConsoleProgress(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    @Override
    public void advanced(long bytes, int files) {
        long now = System.nanoTime();
        if (now - next < 0) return;
        next = now + EVERY_NANOS;
        err.println(what + ": " + count(files, "file") + ", " + size(bytes) + " so far");
        err.flush();
    }

    static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
