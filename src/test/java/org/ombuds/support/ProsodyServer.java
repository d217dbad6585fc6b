package org.ombuds.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Prosody 0.12, run for a test class on 127.0.0.1 and a free port with the project's config
 * ({@code src/test/resources/xmpp/prosody.cfg.lua}, its {@code @PORT@} and {@code @DIR@} filled in) in a temp dir, as
 * root ({@code run_as_root}). The accounts {@value #ADMIN} (which makes the rooms {@value #ROOM} and
 * {@value #SECOND_ROOM} and so owns them) and {@value #MALLORY} are written as the data files Prosody's {@code internal_plain} storage reads, before the start.
 * There is no TLS on loopback, so the connector's settings say {@code allowPlain}. Outside CI a machine without
 * {@code prosody} skips the tests ({@code @ExtendWith(ProsodyServer.class)}); in CI (which installs it) its absence fails them.
 */
public final class ProsodyServer extends LocalServer implements ExecutionCondition {
    public static final String HOST = "127.0.0.1";
    public static final String DOMAIN = "ombuds.test";
    public static final String ADMIN = "moderation@" + DOMAIN;
    public static final String ADMIN_PASSWORD = "s3cret-moderation";
    public static final String MALLORY = "mallory@" + DOMAIN;
    public static final String MALLORY_PASSWORD = "mallory-pass";
    public static final String ROOM = "lobby@rooms." + DOMAIN;
    public static final String SECOND_ROOM = "board@rooms." + DOMAIN;
    private static final long STARTUP_LIMIT_SECONDS = 20;

    private int port;

    public ProsodyServer() {
    }

    /** Where {@code prosody} is on the PATH (or /usr/bin), if anywhere. */
    public static Optional<Path> executable() {
        List<String> folders = new ArrayList<>(List.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)));
        folders.add("/usr/bin");
        return folders.stream().filter(folder -> !folder.isBlank()).map(folder -> Path.of(folder, "prosody"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts Prosody in the foreground, waits (at most 20 s) until it accepts connections, and makes the rooms. */
    public static ProsodyServer start() {
        ProsodyServer server = new ProsodyServer();
        Path executable = executable().orElseThrow(() -> new IllegalStateException("no prosody executable (Debian package prosody)"));
        Path output;
        try {
            server.dir = Files.createTempDirectory("ombuds-prosody-");
            server.port = Ports.free();
            String template;
            try (InputStream in = ProsodyServer.class.getResourceAsStream("/xmpp/prosody.cfg.lua")) {
                if (in == null) throw new IllegalStateException("xmpp/prosody.cfg.lua is not on the test classpath");
                template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path config = server.dir.resolve("prosody.cfg.lua");
            Files.writeString(config, template.replace("@PORT@", Integer.toString(server.port)).replace("@DIR@", server.dir.toString()));
            // Prosody's file storage: a folder per host with its dots escaped, a Lua table per account.
            Path accounts = Files.createDirectories(server.dir.resolve("data").resolve(DOMAIN.replace(".", "%2e")).resolve("accounts"));
            account(accounts, ADMIN, ADMIN_PASSWORD);
            account(accounts, MALLORY, MALLORY_PASSWORD);
            output = server.dir.resolve("output.txt");
            server.process = new ProcessBuilder(executable.toString(), "--config", config.toString(), "-F")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
        server.stopOnExit("prosody");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_LIMIT_SECONDS);
        while (true) {
            if (!server.process.isAlive()) {
                String said = output(output);
                server.close();
                throw new IllegalStateException("prosody stopped: " + said);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(HOST, server.port), 500);
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    String said = output(output);
                    server.close();
                    throw new IllegalStateException("prosody did not listen within " + STARTUP_LIMIT_SECONDS + " s: " + said);
                }
                sleep(100);
            }
        }
        try {
            server.makeRooms();
        } catch (Exception e) {
            String said = output(output);
            server.close();
            throw new IllegalStateException("making the rooms failed: " + e + "; prosody said: " + said, e);
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** The XMPP connector's settings for this server: the rooms' owner, both rooms, and allowPlain (no TLS on loopback). */
    public Map<String, String> connectorSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jid", ADMIN);
        settings.put("password", ADMIN_PASSWORD);
        settings.put("rooms", ROOM + "," + SECOND_ROOM);
        settings.put("host", HOST);
        settings.put("port", Integer.toString(port));
        settings.put("allowPlain", "true");
        return settings;
    }

    /** A client logged in as one of the accounts, as the sanctioned person would use (close it after use). */
    public AbstractXMPPConnection login(String jid, String password) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setUsernameAndPassword(jid.substring(0, jid.indexOf('@')), password)
                .setHost(HOST).setPort(port)
                .setSecurityMode(SecurityMode.disabled)
                .setConnectTimeout(10_000)
                .build();
        AbstractXMPPConnection connection = new XMPPTCPConnection(config);
        connection.setReplyTimeout(10_000);
        try {
            connection.connect().login();
            return connection;
        } catch (Exception e) {
            connection.disconnect();
            throw e;
        }
    }

    /** The admin account joins each room, which makes it (persistent and unlocked by the config) its owner, and leaves. */
    private void makeRooms() throws Exception {
        AbstractXMPPConnection admin = login(ADMIN, ADMIN_PASSWORD);
        try {
            for (String jid : List.of(ROOM, SECOND_ROOM)) {
                MultiUserChat room = MultiUserChatManager.getInstanceFor(admin).getMultiUserChat(JidCreate.entityBareFrom(jid));
                room.createOrJoin(Resourcepart.from("moderation"));
                room.leave();
            }
        } finally {
            admin.disconnect();
        }
    }

    private static void account(Path accounts, String jid, String password) throws IOException {
        Files.writeString(accounts.resolve(jid.substring(0, jid.indexOf('@')) + ".dat"),
                "return { [\"password\"] = \"" + password + "\"; };\n");
    }

    /** Stops Prosody (TERM, then KILL after 10 s) and removes the temp dir. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (executable().isPresent() || TestDatabases.inCi()) {
            return ConditionEvaluationResult.enabled("prosody present (or CI, where its absence must fail)");
        }
        return ConditionEvaluationResult.disabled("no prosody on this machine (outside CI); .ci/run installs it");
    }
}
