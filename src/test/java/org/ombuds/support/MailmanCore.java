package org.ombuds.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Mailman 3 core, run headless for a test class: a private config ({@code src/test/resources/mailman/mailman.cfg})
 * in a temp dir, SQLite, no MTA, the REST API on a free port. Outside CI a machine without {@code mailman} skips the
 * tests; in CI (which installs Debian's mailman3) its absence fails them.
 */
public final class MailmanCore implements AutoCloseable, ExecutionCondition {
    public static final String USER = "restadmin";
    public static final String PASSWORD = "mailman-test-pass";
    public static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Path dir;
    private Path config;
    private String executable;
    private int port;
    private Duration startedIn;
    private String version;
    private Thread cleanup;

    public MailmanCore() {
    }

    /** Where {@code mailman} is on the PATH (or /usr/bin), if anywhere. */
    public static Optional<String> executable() {
        List<String> dirs = new ArrayList<>(List.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "mailman")).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    /** Starts Mailman core and waits (at most {@link #STARTUP_LIMIT}) until its REST API answers. */
    public static MailmanCore start() {
        MailmanCore core = new MailmanCore();
        core.executable = executable().orElseThrow(() -> new IllegalStateException("no mailman executable (Debian package mailman3)"));
        try {
            core.dir = Files.createTempDirectory("ombuds-mailman-");
            Path var = Files.createDirectories(core.dir.resolve("var"));
            core.port = Ports.free();
            String template;
            try (InputStream in = MailmanCore.class.getResourceAsStream("/mailman/mailman.cfg")) {
                if (in == null) throw new IllegalStateException("mailman/mailman.cfg is not on the test classpath");
                template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            core.config = core.dir.resolve("mailman.cfg");
            Files.writeString(core.config, template.replace("@VAR_DIR@", var.toString()).replace("@REST_PORT@", String.valueOf(core.port)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        core.cleanup = new Thread(core::killLeftovers, "mailman-cleanup");
        Runtime.getRuntime().addShutdownHook(core.cleanup);
        long begun = System.nanoTime();
        // "start" daemonizes: its output goes to a file, or the daemon would hold our pipe open.
        int started = core.mailman("start", Duration.ofSeconds(30));
        if (started != 0) {
            String logs = core.logs();
            core.close();
            throw new IllegalStateException("mailman start exited with " + started + "\n" + logs);
        }
        long deadline = begun + STARTUP_LIMIT.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                Response versions = core.call("GET", "/system/versions");
                if (versions.status() == 200) {
                    core.startedIn = Duration.ofNanos(System.nanoTime() - begun);
                    core.version = versions.field("mailman_version");
                    System.out.printf("Mailman core (%s) answered on port %d after %.1f s%n", core.version, core.port,
                            core.startedIn.toMillis() / 1000.0);
                    return core;
                }
                lastProblem = "HTTP " + versions.status();
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName();
            }
            sleep(250);
        }
        String logs = core.logs();
        core.close();
        throw new IllegalStateException("Mailman's REST API did not answer within " + STARTUP_LIMIT.toSeconds() + " s (" + lastProblem + ")\n" + logs);
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/3.1";
    }

    public Duration startedIn() {
        return startedIn;
    }

    public String version() {
        return version;
    }

    public record Response(int status, String body) {
        /** A top-level string field of a JSON answer (enough for the tests; they parse with Jackson where they need more). */
        public String field(String name) {
            var matcher = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
            return matcher.find() ? matcher.group(1) : null;
        }
    }

    /** A REST call as the admin user; {@code form} is name, value, name, value... sent form-encoded. */
    public Response call(String method, String path, String... form) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (form.length > 0) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i + 1 < form.length; i += 2) {
                if (!body.isEmpty()) body.append('&');
                body.append(URLEncoder.encode(form[i], StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
            }
            request.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Like {@link #call}, failing unless Mailman answers 2xx. */
    public Response ok(String method, String path, String... form) throws IOException {
        Response response = call(method, path, form);
        if (response.status() / 100 != 2) throw new IllegalStateException(method + " " + path + " answered " + response.status() + ": " + response.body());
        return response;
    }

    /** Stops Mailman ({@code mailman stop}), kills whatever of it is left, and removes the temp dir. */
    @Override
    public void close() {
        if (config == null) return;
        if (Files.exists(dir.resolve("var/master.pid"))) mailman("stop", Duration.ofSeconds(20));
        Optional<ProcessHandle> master = masterPid().flatMap(ProcessHandle::of);
        master.ifPresent(process -> {
            try {
                process.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // killed below
            }
        });
        killLeftovers();
        if (cleanup != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
        config = null;
    }

    /** The master and its runners still alive: found by this instance's own config path (unique to this temp dir), killed by pid. */
    private void killLeftovers() {
        if (config == null) return;
        String mine = config.toString();
        List<ProcessHandle> leftovers = new ArrayList<>();
        masterPid().flatMap(ProcessHandle::of).ifPresent(master -> {
            master.descendants().forEach(leftovers::add);
            leftovers.add(master);
        });
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains(mine)).orElse(false))
                .filter(p -> !leftovers.contains(p)).forEach(leftovers::add);
        if (leftovers.isEmpty()) return;
        leftovers.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && leftovers.stream().anyMatch(ProcessHandle::isAlive)) sleep(100);
        leftovers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        System.out.println("Mailman core: " + leftovers.size() + " leftover process(es) ended after stop");
    }

    private Optional<Long> masterPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("var/master.pid")).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private int mailman(String command, Duration limit) {
        try {
            Process process = new ProcessBuilder(executable, "--run-as-root", "-C", config.toString(), command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(command + ".log").toFile()))
                    .start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The start log and the tail of Mailman's own log, for a failure message. */
    private String logs() {
        StringBuilder text = new StringBuilder();
        for (Path log : List.of(dir.resolve("start.log"), dir.resolve("var/logs/mailman.log"))) {
            try {
                List<String> lines = Files.readAllLines(log);
                text.append("--- ").append(log.getFileName()).append('\n')
                        .append(lines.stream().skip(Math.max(0, lines.size() - 40)).collect(Collectors.joining("\n"))).append('\n');
            } catch (IOException e) {
                text.append("--- ").append(log.getFileName()).append(": not written\n");
            }
        }
        return text.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (executable().isPresent() || TestDatabases.inCi()) {
            return ConditionEvaluationResult.enabled("mailman present (or CI, where its absence must fail)");
        }
        return ConditionEvaluationResult.disabled("no mailman on this machine (outside CI); .ci/run installs Debian's mailman3");
    }
}
