package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.Ports;
import org.ombuds.support.TestDatabases;

/**
 * The distribution row of CONTRACT.md: the Debian package and the tarball that {@code ./mvnw package} writes,
 * unpacked into a scratch folder and run through their own launcher, as an operator would.
 */
class DistributionIT {
    private static final Path DEB = Path.of(System.getProperty("ombuds.deb", "target/ombuds_0.1.0-SNAPSHOT_all.deb"));
    private static final Path TARBALL = Path.of(System.getProperty("ombuds.tarball",
            "target/ombuds-0.1.0-SNAPSHOT.tar.gz"));
    /** A cold start on a busy two-core machine, or one that first makes a class-data cache, takes minutes. */
    private static final Duration START = Duration.ofMinutes(4);

    private Path scratch;
    private final List<Process> started = new ArrayList<>();

    record Result(int exit, String out) {
    }

    @BeforeEach
    void scratchFolder() throws IOException {
        scratch = Files.createTempDirectory("ombuds-dist");
    }

    @AfterEach
    void stopEverythingStarted() throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDebianPackageIsLintianCleanAndItsServiceAndLauncherWork() throws Exception {
        requireTools("dpkg-deb", "lintian", "systemd-analyze");
        assertThat(DEB).exists();
        assertThat(run(Map.of(), "dpkg-deb", "-f", DEB.toString(), "Depends").out())
                .contains("java17-runtime-headless").contains("adduser");
        assertThat(run(Map.of(), "dpkg-deb", "--ctrl-tarfile", DEB.toString()).exit()).isZero();

        // lintian exits non-zero on any error; warnings (no manual page, maintainer scripts calling systemctl) pass.
        Result lintian = run(Map.of(), "lintian", "--fail-on", "error", DEB.toString());
        assertThat(lintian.out()).doesNotContainPattern("(?m)^E: ");
        assertThat(lintian.exit()).as(lintian.out()).isZero();

        Path root = scratch.resolve("root");
        assertThat(run(Map.of(), "dpkg-deb", "-x", DEB.toString(), root.toString()).exit()).isZero();
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/ombuds")).toString()).isEqualTo("../share/ombuds/bin/ombuds");
        assertThat(root.resolve("usr/share/ombuds/bin/ombuds")).isExecutable();
        assertThat(root.resolve("usr/share/ombuds/app/ombuds.jar")).isRegularFile();
        assertThat(root.resolve("usr/share/doc/ombuds/copyright")).isRegularFile();
        assertThat(root.resolve("usr/share/doc/ombuds/changelog.gz")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/ombuds/ombuds.env"))).contains("OMBUDS_DATA_DIR=/var/lib/ombuds");
        assertThat(run(Map.of(), "dpkg-deb", "-I", DEB.toString(), "conffiles").out().strip())
                .isEqualTo("/etc/ombuds/ombuds.env");
        assertThat(run(Map.of(), "dpkg-deb", "-I", DEB.toString(), "postinst").out())
                .contains("adduser --system").contains("ombuds");

        Path unit = root.resolve("lib/systemd/system/ombuds.service");
        String service = Files.readString(unit);
        assertThat(service).contains("User=ombuds", "StateDirectory=ombuds", "CacheDirectory=ombuds",
                "EnvironmentFile=/etc/ombuds/ombuds.env", "ExecStart=/usr/bin/ombuds", "Restart=on-failure",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes");
        // verify checks that ExecStart is executable: point it at the unpacked launcher.
        Path verified = scratch.resolve("units/ombuds.service");
        Files.createDirectories(verified.getParent());
        Files.writeString(verified, service.replace("ExecStart=/usr/bin/ombuds",
                "ExecStart=" + root.resolve("usr/bin/ombuds")));
        Result verify = run(Map.of(), "systemd-analyze", "verify", verified.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).as("systemd-analyze verify says nothing about a clean unit").isBlank();

        // The packaged launcher with the package's settings file, the build's JDK, a data folder of its own and a
        // real SMTP server: the server starts from the bean definitions made at build time (Spring AOT), where a
        // bean that depends on a setting (the mail sender) must still follow the operator's environment.
        GreenMail smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Path cache = scratch.resolve("cache");
        Map<String, String> environment = environment(Map.of(
                "OMBUDS_ENV_FILE", root.resolve("etc/ombuds/ombuds.env").toString(),
                "OMBUDS_CACHE_DIR", cache.toString(),
                "OMBUDS_SMTP_HOST", "127.0.0.1", "OMBUDS_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()),
                "OMBUDS_SMTP_STARTTLS", "false"));
        Path launcher = root.resolve("usr/bin/ombuds");
        Server server = start(launcher, environment);
        assertThat(server.log()).as("the build's JDK finds the cache the package ships")
                .doesNotContain("making a class-data cache").doesNotContain("Unable to use shared archive")
                .doesNotContain("[warning][aot").doesNotContain("[warning][cds");
        assertThat(server.log()).contains("Starting AOT-processed Ombuds");
        try {
            var accepted = server.http().postJson("/api/v1/reports", Map.of("category", "harassment",
                    "description", "What happened.", "anonymous", false,
                    "reporter", Map.of("name", "Rita Reporter", "email", "rita@example.org")));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
            assertThat(smtp.waitForIncomingEmail(Duration.ofMinutes(1).toMillis(), 1)).as("the reporter's acknowledgement").isTrue();
            assertThat(GreenMailUtil.getAddressList(smtp.getReceivedMessages()[0].getAllRecipients())).isEqualTo("rita@example.org");
        } finally {
            smtp.stop();
        }
        assertThat(cache).doesNotExist();
        assertThat(Path.of(environment.get("OMBUDS_DATA_DIR")).resolve("keys/master-aead.json")).exists();

        Result help = run(environment, launcher.toString(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("user", "token", "audit");
        Result admin = run(environment, launcher.toString(), "user", "add", "--email", "admin@example.org",
                "--name", "Ada Admin", "--role", "admin");
        assertThat(admin.exit()).as(admin.out()).isZero();
        assertThat(admin.out()).containsPattern("(?m)^[0-9a-f-]{36}$");
        server.stop();
    }

    @Test
    void theTarballServesThroughItsLauncherAndMakesACacheForAJdkItHasNoneFor() throws Exception {
        requireTools("tar");
        assertThat(TARBALL).exists();
        Path unpacked = Files.createDirectories(scratch.resolve("unpacked"));
        assertThat(run(Map.of(), "tar", "-xzf", TARBALL.toString(), "-C", unpacked.toString()).exit()).isZero();
        String top = TARBALL.getFileName().toString().replace(".tar.gz", "");
        Path home = unpacked.resolve(top);
        try (Stream<Path> entries = Files.list(unpacked)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("one top folder").containsExactly(top);
        }
        Path launcher = home.resolve("bin/ombuds");
        assertThat(launcher).isExecutable();
        assertThat(Files.readString(home.resolve("etc/ombuds.env"))).contains("#OMBUDS_DATA_DIR=", "#OMBUDS_DB_URL=",
                "#OMBUDS_BASE_URL=", "#JAVA_OPTS=");
        Path shipped = home.resolve("app/cache");
        String jdk = System.getProperty("java.vm.version").replaceAll("[^A-Za-z0-9.+_-]", "_");
        try (Stream<Path> caches = Files.list(shipped)) {
            assertThat(caches.map(p -> p.getFileName().toString()))
                    .as("a cache made by the build's JDK, named after it").anyMatch(name -> name.startsWith("ombuds-" + jdk + "-"));
        }
        if (Files.isExecutable(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"))) {
            try (Stream<Path> caches = Files.list(shipped)) {
                assertThat(caches.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("ombuds-25."));
            }
        }

        Result help = run(environment(Map.of()), launcher.toString(), "--help");
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("serve", "user", "token");

        // As with a JDK the build never saw: no cache fits, so the first start makes one beside the app
        // (writable here), and the restart starts from it.
        try (Stream<Path> caches = Files.list(shipped)) {
            for (Path cache : caches.toList()) Files.delete(cache);
        }
        Map<String, String> environment = environment(Map.of());
        Server first = start(launcher, environment);
        assertThat(first.log()).contains("making a class-data cache");
        first.stop();
        try (Stream<Path> caches = Files.list(shipped)) {
            assertThat(caches.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("ombuds-" + jdk + "-"));
        }
        Server again = start(launcher, environment);
        assertThat(again.log()).doesNotContain("making a class-data cache").doesNotContain("Unable to use shared archive")
                .doesNotContain("[warning][aot").doesNotContain("[warning][cds");
        again.stop();
    }

    /** The test's own JDK, a data folder and a port of their own, and nothing inherited that could redirect them. */
    private Map<String, String> environment(Map<String, String> extra) throws IOException {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("OMBUDS_DATA_DIR", Files.createDirectories(scratch.resolve("data")).toString());
        environment.put("SERVER_PORT", String.valueOf(Ports.free()));
        return environment;
    }

    private Result run(Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        clean(builder.environment());
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Process process = builder.redirectOutput(out.toFile()).start();
        started.add(process);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("%s finished", List.of(command)).isTrue();
        return new Result(process.exitValue(), Files.readString(out));
    }

    private static void clean(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("OMBUDS_") || name.equals("JAVA_OPTS")
                || name.equals("CACHE_DIRECTORY") || name.equals("JAVA_TOOL_OPTIONS"));
    }

    private Server start(Path launcher, Map<String, String> environment) throws Exception {
        Path log = Files.createTempFile(scratch, "server", ".log");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        clean(builder.environment());
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        Server server = new Server(process, log, new Http(Integer.parseInt(environment.get("SERVER_PORT"))));
        server.awaitHealthy();
        return server;
    }

    record Server(Process process, Path logFile, Http http) {
        String log() throws IOException {
            return Files.readString(logFile);
        }

        void awaitHealthy() throws Exception {
            Instant deadline = Instant.now().plus(START);
            while (Instant.now().isBefore(deadline)) {
                assertThat(process.isAlive()).as("the server is running:\n%s", log()).isTrue();
                try {
                    Http.Response health = http.get("/actuator/health");
                    if (health.status() == 200) {
                        assertThat(health.body()).contains("\"UP\"");
                        return;
                    }
                } catch (RuntimeException notListeningYet) {
                    // polled again until the deadline
                }
                Thread.sleep(200);
            }
            throw new AssertionError("not healthy within " + START + ":\n" + log());
        }

        /** SIGTERM, as systemd stops it: the launcher exec'd the JVM, which shuts down cleanly. */
        void stop() throws Exception {
            process.destroy();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("stopped on SIGTERM").isTrue();
        }
    }

    private static void requireTools(String... tools) {
        for (String tool : tools) {
            boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (TestDatabases.inCi()) {
                assertThat(present).as(tool + " is installed (by .ci/run)").isTrue();
            } else {
                Assumptions.assumeTrue(present, tool + " is not installed (outside CI, where it must be)");
            }
        }
    }
}
