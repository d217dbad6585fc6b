package org.ombuds.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged jar run as a server process, as an operator runs it, on a port of its own. */
public final class OmbudsProcess implements AutoCloseable {
    public static final Path JAR = Path.of(System.getProperty("ombuds.jar", "target/ombuds.jar"));
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private Process process;

    public OmbudsProcess(Map<String, String> environment) throws IOException {
        this.environment = new HashMap<>(environment);
        this.port = Ports.free();
        this.environment.put("SERVER_PORT", String.valueOf(port));
        this.log = Files.createTempFile("ombuds-server", ".log");
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The command that runs the jar with these arguments. The tests start it some twenty times, each run short: the
     * JIT's first tier and the serial collector start it about a third faster on two cores, and change nothing it does.
     * The server starts from its build-time bean definitions (Spring AOT), as bin/ombuds starts it; the in-process
     * tests cover the plain start. Commands ignore the setting.
     */
    public static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dspring.aot.enabled=true", "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    public OmbudsProcess start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        awaitHealthy();
        return this;
    }

    public int port() {
        return port;
    }

    /** The server's process id (db-scheduler names each node by host and process id). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public Http http() {
        return new Http(port);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no graceful close, as when the machine or the OOM killer takes it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    private void awaitHealthy() throws InterruptedException, IOException {
        Http http = http();
        // Generous: on a busy machine a start can take a minute or more.
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new AssertionError("the server stopped:\n" + log());
            try {
                if (http.get("/actuator/health").status() == 200) return;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not become healthy in 3 minutes:\n" + log());
    }

}
