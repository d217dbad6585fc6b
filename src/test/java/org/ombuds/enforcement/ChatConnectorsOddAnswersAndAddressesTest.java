package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.enforcement.internal.MattermostConnector;
import org.ombuds.enforcement.internal.SlackConnector;
import org.ombuds.enforcement.internal.ZulipConnector;

/**
 * The Zulip, Mattermost and Slack connectors against a peer that answers nonsense (not a stub of any documented API):
 * every call succeeds or fails with a PeerException that shows neither the credential nor the handle, never another
 * exception; and, as for the other connectors, a stored plain-http address of another machine is refused before any call.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class ChatConnectorsOddAnswersAndAddressesTest {
    private static final String SECRET = "sekret-credential-4711";
    private static final String FOREIGN = "http://peer.example.invalid";
    private static final List<Reply> ODD = List.of(
            Reply.empty(200), Reply.empty(204), new Reply(200, "<html><body>Welcome</body></html>", Map.of("Content-Type", "text/html")),
            Reply.json(200, "{}"), Reply.json(200, "[]"), Reply.json(200, "null"), Reply.json(200, "{\"user\":{\"user_id\":\"7\"}}"),
            Reply.json(200, "{\"user\":{\"user_id\":7,\"is_active\":\"no\"},\"result\":\"success\"}"),
            Reply.json(200, "{\"id\":5,\"delete_at\":1e300}"), Reply.json(200, "{\"id\":\"x\",\"delete_at\":5}"),
            Reply.json(200, "{\"active\":\"false\",\"Resources\":{}}"), Reply.json(200, "{\"active\":false}"),
            Reply.json(400, "{\"msg\":null,\"Errors\":[1]}"), Reply.json(400, "{\"result\":\"error\",\"msg\":\"No such user\"}"),
            Reply.json(403, "{\"Errors\":{\"description\":\"" + SECRET + "\"}}"),
            Reply.json(404, "{\"detail\":\"no user sam@example.org, sam or U0SAM12345\"}"),
            Reply.empty(302).with("Location", "https://elsewhere.example.org/"), Reply.empty(418),
            new Reply(500, "x".repeat(5000), Map.of()));
    private final AtomicReference<Reply> answer = new AtomicReference<>(Reply.empty(200));
    private DocumentedApiStub peer;

    private record Case(Connector connector, Map<String, String> settings, String handle) {
    }

    @BeforeEach
    void startPeer() throws IOException {
        peer = DocumentedApiStub.start().unknown(call -> answer.get());
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    @Test
    void everyOddAnswerEndsInSuccessOrAPeerExceptionThatShowsNoSecret() {
        List<Case> cases = cases(peer.url());
        for (Reply reply : ODD) {
            answer.set(reply);
            for (Case c : cases) {
                ConnectorSettings settings = new ConnectorSettings("space-1", "chat", c.settings());
                Target target = new Target("sanction-1", "temporary-ban", IdentityHandle.parse(c.handle()), Instant.now().plusSeconds(3600),
                        "Sanction sanction-1");
                check(c, reply, List.of(SECRET), () -> c.connector().test(settings)); // no handle in a test: the peer's words stay
                List<String> neverShown = List.of(SECRET, target.identity().value());
                check(c, reply, neverShown, () -> c.connector().apply(settings, target));
                check(c, reply, neverShown, () -> c.connector().lift(settings, target));
                check(c, reply, neverShown, () -> c.connector().applied(settings, target));
            }
        }
    }

    private static void check(Case c, Reply reply, List<String> neverShown, ThrowingCall call) {
        try {
            call.run();
        } catch (PeerException e) {
            assertThat(e.getMessage()).as(c.connector().type() + " " + reply.status()).isNotBlank().doesNotContainPattern("\\p{Cntrl}")
                    .hasSizeLessThan(600);
            for (String value : neverShown) {
                assertThat(e.getMessage()).as(c.connector().type() + " " + reply.status()).doesNotContainIgnoringCase(value);
            }
        } catch (RuntimeException e) {
            throw new AssertionError(c.connector().type() + " answered " + reply.status() + " " + reply.body() + ": not a PeerException", e);
        }
    }

    @Test
    void aStoredPlainHttpAddressOfAnotherMachineIsRefusedBeforeAnyCall() {
        for (Case c : cases(FOREIGN)) {
            ConnectorSettings settings = new ConnectorSettings("space-1", "chat", c.settings());
            Target target = new Target("sanction-1", "permanent-ban", IdentityHandle.parse(c.handle()), null, "Sanction sanction-1");
            for (ThrowingCall call : List.<ThrowingCall>of(() -> c.connector().test(settings), () -> c.connector().apply(settings, target),
                    () -> c.connector().lift(settings, target), () -> c.connector().applied(settings, target))) {
                assertThatThrownBy(call::run).as(c.connector().type()).isInstanceOf(PeerException.class)
                        .hasMessageContaining("https://").hasMessageNotContaining("could not be reached")
                        .satisfies(e -> assertThat(((PeerException) e).retryable()).isFalse());
            }
        }
    }

    private static List<Case> cases(String base) {
        return List.of(
                new Case(new ZulipConnector(), Map.of("url", base, "email", "bot@chat.example.org", "apiKey", SECRET), "zulip:sam@example.org"),
                new Case(new MattermostConnector(), Map.of("url", base, "token", SECRET), "mattermost:sam"),
                new Case(new MattermostConnector(), Map.of("url", base, "token", SECRET, "teamId", "tm0000000000000000000000te"), "mattermost:sam"),
                new Case(new SlackConnector(), Map.of("scimUrl", base + "/scim/v2", "token", SECRET), "slack:u0sam12345"));
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
