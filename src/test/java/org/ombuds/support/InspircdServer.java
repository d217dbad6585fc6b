package org.ombuds.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's InspIRCd 3, run for a test class on 127.0.0.1 and a free port with the project's config
 * ({@code src/test/resources/irc/inspircd.conf}, its {@code @PORT@} and {@code @DIR@} filled in) in a temp dir. Outside
 * CI a machine without {@code inspircd} skips the tests ({@code @ExtendWith(InspircdServer.class)}); in CI (which
 * installs it) its absence fails them. Everyone connects from 127.0.0.1, so K-lines here name an ident:
 * {@link #connectorSettings()} uses the hostmask {@code {user}@{host}}, which makes {@code irc:mallory@127.0.0.1} the
 * K-line {@code mallory@127.0.0.1} and keeps out a {@link Client} with ident mallory, not the connector (ident ombuds).
 */
public final class InspircdServer extends LocalServer implements ExecutionCondition {
    public static final String HOST = "127.0.0.1";
    /** The oper block with KLINE, STATS k, the real hosts and the snomask x (type CocModerator). */
    public static final String OPER_NAME = "coc";
    public static final String OPER_PASSWORD = "s3cret-oper";
    private static final long STARTUP_LIMIT_SECONDS = 20;

    private int port;

    public InspircdServer() {
    }

    /** Where {@code inspircd} is on the PATH (or /usr/sbin), if anywhere. */
    public static Optional<Path> executable() {
        List<String> folders = new ArrayList<>(List.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)));
        folders.add("/usr/sbin");
        return folders.stream().filter(folder -> !folder.isBlank()).map(folder -> Path.of(folder, "inspircd"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts InspIRCd ({@code --nofork}) and waits (at most 20 s) until it accepts connections. */
    public static InspircdServer start() {
        InspircdServer server = new InspircdServer();
        Path executable = executable().orElseThrow(() -> new IllegalStateException("no inspircd executable (Debian package inspircd)"));
        Path output;
        try {
            server.dir = Files.createTempDirectory("ombuds-inspircd-");
            server.port = Ports.free();
            String template;
            try (InputStream in = InspircdServer.class.getResourceAsStream("/irc/inspircd.conf")) {
                if (in == null) throw new IllegalStateException("irc/inspircd.conf is not on the test classpath");
                template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path config = server.dir.resolve("inspircd.conf");
            Files.writeString(config, template.replace("@PORT@", Integer.toString(server.port)).replace("@DIR@", server.dir.toString()));
            output = server.dir.resolve("output.txt");
            server.process = new ProcessBuilder(executable.toString(), "--config=" + config, "--nofork", "--runasroot")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
        server.stopOnExit("inspircd");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_LIMIT_SECONDS);
        while (true) {
            if (!server.process.isAlive()) {
                String said = output(output);
                server.close();
                throw new IllegalStateException("inspircd stopped: " + said);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(HOST, server.port), 500);
                return server;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    String said = output(output);
                    server.close();
                    throw new IllegalStateException("inspircd did not listen within " + STARTUP_LIMIT_SECONDS + " s: " + said);
                }
                sleep(100);
            }
        }
    }

    public int port() {
        return port;
    }

    /**
     * The IRC connector's settings for this server: the oper {@value #OPER_NAME}, nick ombuds, and the hostmask
     * {@code {user}@{host}} (the default {@code *@{host}} would cover everyone on 127.0.0.1, Ombuds included).
     */
    public Map<String, String> connectorSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", HOST);
        settings.put("port", Integer.toString(port));
        settings.put("nick", "ombuds");
        settings.put("operName", OPER_NAME);
        settings.put("operPassword", OPER_PASSWORD);
        settings.put("hostmask", "{user}@{host}");
        return settings;
    }

    /** A plain IRC client connected (not yet registered), as the sanctioned person or an oper would use. */
    public Client connect(String nick, String ident) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(HOST, port), 5_000);
            socket.setSoTimeout(10_000);
            return new Client(socket, nick, ident);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Stops InspIRCd (TERM, then KILL after 10 s) and removes the temp dir. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (executable().isPresent() || TestDatabases.inCi()) {
            return ConditionEvaluationResult.enabled("inspircd present (or CI, where its absence must fail)");
        }
        return ConditionEvaluationResult.disabled("no inspircd on this machine (outside CI); .ci/run installs it");
    }

    /** A plain IRC client: NICK and USER by hand, the server's lines as they come. */
    public static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private final String nick;
        private final String ident;
        private final List<String> lines = new ArrayList<>();
        private int syncs;

        private Client(Socket socket, String nick, String ident) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
            this.nick = nick;
            this.ident = ident;
        }

        /** Everything the server said so far. */
        public List<String> lines() {
            return List.copyOf(lines);
        }

        /** NICK and USER: true at the welcome (001), false when the server refuses (465, ERROR) or hangs up. */
        public boolean register() throws IOException {
            send("NICK " + nick);
            send("USER " + ident + " 0 * :Test person");
            for (String line; (line = readLine()) != null; ) {
                String[] words = line.split(" ");
                if (words.length > 1 && words[1].equals("001")) return true;
                if (line.startsWith("ERROR ")) return false;
            }
            return false;
        }

        /** OPER with the project's oper block; true at 381 (you are now an IRC operator). */
        public boolean oper() throws IOException {
            send("OPER " + OPER_NAME + " :" + OPER_PASSWORD);
            for (String line : sync()) {
                String[] words = line.split(" ");
                if (words.length > 1 && words[1].equals("381")) return true;
            }
            return false;
        }

        /** Sends a command and returns what the server answered to it (everything before the PONG to a PING sent after it). */
        public List<String> command(String command) throws IOException {
            send(command);
            return sync();
        }

        /** Everything the server still says until it hangs up (or is silent for 10 s). */
        public List<String> readToEnd() throws IOException {
            List<String> rest = new ArrayList<>();
            try {
                for (String line; (line = readLine()) != null; ) rest.add(line);
            } catch (SocketTimeoutException e) {
                rest.add("(no more after 10 s)");
            }
            return rest;
        }

        private List<String> sync() throws IOException {
            String token = "sync-" + (++syncs);
            send("PING :" + token);
            List<String> answer = new ArrayList<>();
            for (String line; (line = readLine()) != null; ) {
                String[] words = line.split(" ");
                if (words.length > 1 && words[1].equals("PONG") && line.endsWith(token)) return answer;
                answer.add(line);
            }
            return answer;
        }

        private void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The next line, a server PING answered on the way; null when the server hung up. */
        private String readLine() throws IOException {
            while (true) {
                String line = in.readLine();
                if (line == null) return null;
                lines.add(line);
                if (line.startsWith("PING ")) {
                    send("PONG " + line.substring(5));
                    continue;
                }
                return line;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
