package org.ombuds.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Debian server a test class runs as a process of its own (InspIRCd, Prosody): its scratch folder, the process, and
 * a shutdown hook that stops it if the JVM ends first. Closing stops the process and deletes the folder.
 */
abstract class LocalServer implements AutoCloseable {
    protected Path dir;
    protected Process process;
    private Thread cleanup;

    /** Stops the process when the JVM ends without the test closing the server. */
    protected final void stopOnExit(String name) {
        cleanup = new Thread(this::stopProcess, name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    @Override
    public void close() {
        stopProcess();
        if (cleanup != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
            cleanup = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
            dir = null;
        }
    }

    protected final void stopProcess() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** What the server wrote, for a failure's message. */
    protected static String output(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
