package org.ombuds.enforcement;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.internal.IrcConnector;
import org.ombuds.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The IRC connector against a real InspIRCd 3 (Debian's {@code inspircd}) on 127.0.0.1, started with the project's
 * config ({@code irc/inspircd.conf}) on a free port. Everyone, the connector included, connects from 127.0.0.1, so the
 * K-lines here name an ident ({@code hostmask} {@code {user}@{host}}): {@code irc:mallory@127.0.0.1} becomes the K-line
 * {@code mallory@127.0.0.1}, which keeps out the test's plain client with ident mallory and not the connector (ident
 * ombuds). Outside CI a machine without inspircd skips this class; in CI (which installs it) its absence fails.
 */
@ExtendWith(IrcConnectorAgainstInspircdTest.InspircdPresent.class)
class IrcConnectorAgainstInspircdTest {
    private static final String OPER_PASSWORD = "s3cret-oper";
    private static final AtomicInteger SANCTIONS = new AtomicInteger();
    private static Path dir;
    private static Process server;
    private static int port;
    private final IrcConnector connector = new IrcConnector(Clock.systemUTC());

    @BeforeAll
    static void startInspircd() throws Exception {
        dir = Files.createTempDirectory("ombuds-inspircd");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String config;
        try (InputStream in = IrcConnectorAgainstInspircdTest.class.getResourceAsStream("/irc/inspircd.conf")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = dir.resolve("inspircd.conf");
        Files.writeString(file, config.replace("@PORT@", Integer.toString(port)).replace("@DIR@", dir.toString()));
        Path output = dir.resolve("output.txt");
        server = new ProcessBuilder(InspircdPresent.executable().orElseThrow().toString(), "--config=" + file, "--nofork", "--runasroot")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!server.isAlive()) throw new IllegalStateException("inspircd stopped: " + Files.readString(output));
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("inspircd did not listen within 20 s: " + Files.readString(output));
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopInspircd() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void aKLineKeepsThePersonOutUntilItIsLifted() throws Exception {
        Target target = target("irc:mallory@127.0.0.1", Instant.now().plus(Duration.ofHours(1)));
        try (IrcUser online = IrcUser.connect("mallory", "mallory")) {
            assertThat(online.register()).as("mallory can join before the ban").isTrue();

            connector.apply(settings(), target);

            assertThat(String.join("\n", online.readToEnd())).as("a connected mallory is put out").contains("K-lined");
        }
        try (IrcUser again = IrcUser.connect("mallory", "mallory")) {
            assertThat(again.register()).as("mallory cannot come back").isFalse();
            assertThat(String.join("\n", again.lines)).containsAnyOf(" 465 ", "K-lined");
        }
        try (IrcUser other = IrcUser.connect("alice", "alice")) {
            assertThat(other.register()).as("another ident from the same host still can").isTrue();
        }
        assertThat(connector.applied(settings(), target)).contains(true);

        connector.apply(settings(), target);
        assertThat(connector.applied(settings(), target)).as("applying twice is harmless").contains(true);

        connector.lift(settings(), target);
        assertThat(connector.applied(settings(), target)).contains(false);
        try (IrcUser back = IrcUser.connect("mallory", "mallory")) {
            assertThat(back.register()).as("mallory can join again once lifted").isTrue();
        }
        connector.lift(settings(), target);
        assertThat(connector.applied(settings(), target)).as("lifting twice is harmless").contains(false);
    }

    @Test
    void aBareNickIsBannedByTheIdentAndHostTheServerReportsAndLiftedBySanction() throws Exception {
        Target target = target("irc:trudy", null);
        try (IrcUser online = IrcUser.connect("trudy", "tru")) {
            assertThat(online.register()).isTrue();

            connector.apply(settings(), target);

            assertThat(String.join("\n", online.readToEnd())).contains("K-lined");
        }
        try (IrcUser renamed = IrcUser.connect("trudy2", "tru")) {
            assertThat(renamed.register()).as("the K-line is on tru@127.0.0.1, whatever the nick").isFalse();
        }
        assertThat(connector.applied(settings(), target)).contains(true);

        connector.lift(settings(), target);

        assertThat(connector.applied(settings(), target)).contains(false);
        try (IrcUser back = IrcUser.connect("trudy", "tru")) {
            assertThat(back.register()).isTrue();
        }
    }

    @Test
    void aBareNickThatIsNotOnlineCannotBeBannedForWantOfAHost() {
        assertThatThrownBy(() -> connector.apply(settings(), target("irc:nobody", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("is not online").hasMessageContaining("irc:nobody@host");
    }

    @Test
    void aTemporaryKLineEndsByItself() throws Exception {
        Instant until = Instant.now().plusSeconds(2);
        Target target = target("irc:eve@127.0.0.1", until);
        connector.apply(settings(), target);
        assertThat(connector.applied(settings(), target)).contains(true);
        try (IrcUser banned = IrcUser.connect("eve", "eve")) {
            assertThat(banned.register()).isFalse();
        }

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis()) + 1_500);

        assertThat(connector.applied(settings(), target)).as("InspIRCd let the K-line expire").contains(false);
        try (IrcUser back = IrcUser.connect("eve", "eve")) {
            assertThat(back.register()).isTrue();
        }
    }

    @Test
    void anOperTypeWithKlineOnlyStillBansAndLiftsButCannotTellWhetherApplied() throws Exception {
        Map<String, String> values = new HashMap<>(settings().values());
        values.put("operName", "bouncer");
        values.put("operPassword", "s3cret-bouncer");
        ConnectorSettings bouncer = new ConnectorSettings("space-irc", "irc", values);
        Target target = target("irc:victor@127.0.0.1", null);

        connector.apply(bouncer, target);

        try (IrcUser banned = IrcUser.connect("victor", "victor")) {
            assertThat(banned.register()).isFalse();
        }
        assertThat(connector.applied(bouncer, target)).as("STATS k needs servers/auspex").isEmpty();
        assertThat(connector.applied(settings(), target)).contains(true);
        connector.lift(bouncer, target);
        assertThat(connector.applied(settings(), target)).contains(false);
    }

    @Test
    void theServersRefusalIsThePeerException() {
        Map<String, String> values = new HashMap<>(settings().values());
        values.remove("hostmask");
        ConnectorSettings wholeHost = new ConnectorSettings("space-irc", "irc", values);
        // The default mask *@{host} makes *@127.0.0.1, which would cover everyone connected, Ombuds included.
        assertThatThrownBy(() -> connector.apply(wholeHost, target("irc:zed@127.0.0.1", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("*@127.0.0.1").hasMessageContaining("covers");
    }

    @Test
    void aSanctionThatHasEndedSetsNothing() throws Exception {
        Target target = target("irc:oscar@127.0.0.1", Instant.now().minusSeconds(5));
        connector.apply(settings(), target);
        assertThat(connector.applied(settings(), target)).contains(false);
    }

    @Test
    void testSucceedsWithGoodSettingsAndAWrongOperPasswordIsRefused() throws Exception {
        connector.test(settings());

        Map<String, String> wrong = new HashMap<>(settings().values());
        wrong.put("operPassword", "not-the-password");
        ConnectorSettings wrongSettings = new ConnectorSettings("space-irc", "irc", wrong);
        assertThatThrownBy(() -> connector.test(wrongSettings))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("OPER").hasMessageContaining("491");
        assertThatThrownBy(() -> connector.apply(wrongSettings, target("irc:mallory@127.0.0.1", null)))
                .isInstanceOf(PeerException.class).hasMessageContaining("491");
    }

    @Test
    void anUnreachableServerIsRetryable() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        Map<String, String> values = new HashMap<>(settings().values());
        values.put("port", Integer.toString(closed));
        assertThatThrownBy(() -> connector.test(new ConnectorSettings("space-irc", "irc", values)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isTrue());
    }

    private static ConnectorSettings settings() {
        return new ConnectorSettings("space-irc", "irc", Map.of("host", "127.0.0.1", "port", Integer.toString(port), "nick", "ombuds",
                "operName", "coc", "operPassword", OPER_PASSWORD, "hostmask", "{user}@{host}"));
    }

    private static Target target(String handle, Instant until) {
        String id = "sanction-" + SANCTIONS.incrementAndGet();
        return new Target(id, until == null ? "permanent_ban" : "temporary_ban", IdentityHandle.parse(handle), until,
                "Code of Conduct sanction " + id);
    }

    /** A plain IRC client, as the sanctioned person would use. */
    private static final class IrcUser implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private final String nick;
        private final String ident;
        final List<String> lines = new ArrayList<>();

        private IrcUser(Socket socket, String nick, String ident) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
            this.nick = nick;
            this.ident = ident;
        }

        static IrcUser connect(String nick, String ident) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            return new IrcUser(socket, nick, ident);
        }

        /** NICK and USER: true at the welcome (001), false when the server refuses (465, ERROR) or hangs up. */
        boolean register() throws IOException {
            out.write(("NICK " + nick + "\r\nUSER " + ident + " 0 * :Test person\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                String[] words = line.split(" ");
                if (words.length > 1 && words[1].equals("001")) return true;
                if (line.startsWith("ERROR ")) return false;
            }
            return false;
        }

        /** Everything the server still says until it hangs up. */
        List<String> readToEnd() throws IOException {
            List<String> rest = new ArrayList<>();
            try {
                for (String line; (line = in.readLine()) != null; ) rest.add(line);
            } catch (SocketTimeoutException e) {
                rest.add("(no more after 10 s)");
            }
            return rest;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Enabled where inspircd is installed, and always in CI, where its absence must fail. */
    static final class InspircdPresent implements ExecutionCondition {
        static Optional<Path> executable() {
            List<String> folders = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
            folders.add("/usr/sbin");
            return folders.stream().filter(folder -> !folder.isBlank()).map(folder -> Path.of(folder, "inspircd"))
                    .filter(Files::isExecutable).findFirst();
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (executable().isPresent() || TestDatabases.inCi()) {
                return ConditionEvaluationResult.enabled("inspircd present (or CI, where its absence must fail)");
            }
            return ConditionEvaluationResult.disabled("no inspircd on this machine (outside CI); .ci/run installs it");
        }
    }
}
