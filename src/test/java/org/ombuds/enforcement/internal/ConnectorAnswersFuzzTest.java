package org.ombuds.enforcement.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;

/**
 * Whatever a peer answers (any status, headers, body; one answer per request, in turn), every connector call either
 * succeeds or fails with a PeerException whose message is one short line without the credentials: never another
 * exception (which would fail the delivery job without a word on the sanction), never a hang.
 *
 * <p>An input is a list of answers separated by a line {@code ---}; each is a status line, header lines, an empty
 * line and the body. The peer is a local HTTP server that replays them (not a stub of any documented API: it answers
 * anything).
 */
class ConnectorAnswersFuzzTest {
    private static final String SECRET = "sekret-credential-4711";
    private static final String WEBHOOK_SECRET = "whsec_c2VrcmV0LWNyZWRlbnRpYWwtNDcxMS13ZWJob29r";
    private static final Clock CLOCK = Clock.systemUTC();
    private static HttpServer peer;
    private static volatile List<Reply> replies = List.of();
    private static final AtomicInteger next = new AtomicInteger();

    private record Reply(int status, List<String[]> headers, byte[] body) {
    }

    @BeforeAll
    static void startPeer() throws IOException {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", ConnectorAnswersFuzzTest::answer);
        peer.start();
    }

    @AfterAll
    static void stopPeer() {
        peer.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        List<Reply> all = replies;
        Reply reply = all.isEmpty() ? new Reply(200, List.of(), new byte[0]) : all.get(Math.floorMod(next.getAndIncrement(), all.size()));
        for (String[] header : reply.headers()) exchange.getResponseHeaders().add(header[0], header[1]);
        boolean noBody = reply.status() == 204 || reply.status() == 304;
        exchange.sendResponseHeaders(reply.status(), noBody || reply.body().length == 0 ? -1 : reply.body().length);
        if (!noBody && reply.body().length > 0) exchange.getResponseBody().write(reply.body());
        exchange.close();
    }

    /** "429\nRetry-After: 5\n\n{...}\n---\n200\n\n[]": answers in turn. */
    static List<Reply> replies(byte[] input) {
        List<Reply> parsed = new ArrayList<>();
        for (String text : new String(input, StandardCharsets.UTF_8).split("\n---\n", 8)) {
            String[] headAndBody = text.split("\n\n", 2);
            String[] lines = headAndBody[0].split("\n");
            int status;
            try {
                status = Math.max(200, Math.min(599, Integer.parseInt(lines[0].strip())));
            } catch (NumberFormatException e) {
                status = 200 + Math.floorMod(lines[0].hashCode(), 400);
            }
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = colon > 0 ? lines[i].substring(0, colon).strip() : "";
                String value = colon > 0 ? lines[i].substring(colon + 1).strip() : "";
                if (name.matches("[A-Za-z0-9-]{1,40}") && !name.equalsIgnoreCase("content-length")
                        && !name.equalsIgnoreCase("transfer-encoding") && value.matches("[\\x20-\\x7E]{0,200}")) {
                    headers.add(new String[] {name, value});
                }
            }
            byte[] body = headAndBody.length > 1 ? headAndBody[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
            parsed.add(new Reply(status, headers, body));
        }
        return parsed;
    }

    private static String base() {
        return "http://127.0.0.1:" + peer.getAddress().getPort();
    }

    private record Case(Connector connector, Map<String, String> settings, String handle) {
        /** The credential among the settings, which no message may show. */
        String secret() {
            return settings.containsKey("secret") ? WEBHOOK_SECRET : SECRET;
        }

        String handleValue() {
            return handle.substring(handle.indexOf(':') + 1);
        }
    }

    private static List<Case> cases;

    /** Built once: each connector keeps its own HTTP client, as in the application. */
    private static List<Case> cases() {
        if (cases != null) return cases;
        return cases = List.of(
                new Case(new GitHubConnector(), Map.of("org", "example", "token", SECRET, "apiUrl", base()), "github:octocat"),
                new Case(new DiscourseConnector(CLOCK), Map.of("url", base(), "apiKey", SECRET, "apiUsername", "system"), "discourse:sam"),
                new Case(new DiscordConnector(CLOCK), Map.of("guildId", "123456789012345678", "botToken", SECRET, "apiUrl", base()),
                        "discord:123456789012345679"),
                new Case(new MatrixConnector(), Map.of("homeserver", base(), "accessToken", SECRET, "policyRoom", "!policy:example.org",
                        "rooms", "!a:example.org,!b:example.org"), "matrix:@sam:example.org"),
                new Case(new MailmanConnector(), Map.of("url", base() + "/3.1", "user", "restadmin", "password", SECRET,
                        "list", "dev.lists.example.org"), "email:sam@example.org"),
                new Case(new WebhookConnector(CLOCK), Map.of("url", base() + "/hook", "secret", WEBHOOK_SECRET), "email:sam@example.org"),
                new Case(new MastodonConnector(), Map.of("url", base(), "token", SECRET), "mastodon:sam@127.0.0.1"),
                new Case(new GitLabConnector(), Map.of("url", base(), "token", SECRET), "gitlab:sam"),
                new Case(new ForgejoConnector(), Map.of("url", base(), "org", "example", "token", SECRET), "forgejo:sam"),
                new Case(new ZulipConnector(), Map.of("url", base(), "email", "bot@chat.example.org", "apiKey", SECRET), "zulip:sam@example.org"),
                new Case(new MattermostConnector(), Map.of("url", base(), "token", SECRET), "mattermost:sam"),
                new Case(new MattermostConnector(), Map.of("url", base(), "token", SECRET, "teamId", "tm0000000000000000000000te"), "mattermost:sam"),
                new Case(new SlackConnector(), Map.of("scimUrl", base() + "/scim/v2", "token", SECRET), "slack:u0sam12345"));
    }

    @FuzzTest
    @Timeout(30)
    void everyAnswerEndsInSuccessOrAPeerExceptionThatSaysWhatWentWrong(byte[] input) {
        replies = replies(input);
        for (Case c : cases()) {
            var settings = new ConnectorSettings("space-1", "chat", c.settings());
            var temporary = new Target("sanction-1", "temporary-ban", IdentityHandle.parse(c.handle()),
                    Instant.now().plusSeconds(86_400), "Sanction sanction-1 under the Code of Conduct");
            var permanent = new Target("sanction-2", "permanent-ban", IdentityHandle.parse(c.handle()), null, "Sanction sanction-2");
            call(c, List.of(c.secret()), () -> c.connector().test(settings));
            List<String> scrubbed = List.of(c.secret(), c.handleValue());
            call(c, scrubbed, () -> c.connector().applied(settings, temporary));
            call(c, scrubbed, () -> c.connector().apply(settings, temporary));
            call(c, scrubbed, () -> c.connector().apply(settings, permanent));
            call(c, scrubbed, () -> c.connector().lift(settings, temporary));
        }
    }

    private interface PeerCall {
        void run() throws PeerException;
    }

    private static void call(Case c, List<String> neverShown, PeerCall call) {
        next.set(0);
        try {
            call.run();
        } catch (PeerException e) {
            assertThat(e.getMessage()).as(c.connector().type()).isNotBlank().doesNotContainPattern("\\p{Cntrl}").hasSizeLessThan(600);
            for (String value : neverShown) {
                // As PeerHttp.clean scrubs: a short plain word as a whole word, anything else wherever it is.
                String quoted = java.util.regex.Pattern.quote(value);
                String pattern = value.length() >= 8 || !value.matches("[\\p{L}\\p{N}]+") ? quoted : "(?<![\\p{L}\\p{N}])" + quoted + "(?![\\p{L}\\p{N}])";
                assertThat(e.getMessage()).as(c.connector().type()).doesNotContainPattern("(?iu)" + pattern);
            }
        }
    }
}
