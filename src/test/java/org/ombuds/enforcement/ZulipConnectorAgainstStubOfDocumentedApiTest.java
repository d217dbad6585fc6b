package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.DocumentedApiStub.Call;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.enforcement.internal.ZulipConnector;
import org.ombuds.sanctions.Decisions;

/**
 * The Zulip connector against a stub of Zulip's documented REST API (https://zulip.com/api/): HTTP Basic with an
 * email and API key, 401 {@code INVALID_API_KEY} when they are wrong; {@code GET /api/v1/users/me} (the caller, with
 * its {@code role}: 100 owner, 200 administrator, 400 member); {@code GET /api/v1/users/{email}} and
 * {@code GET /api/v1/users/{user_id}} ({@code user.is_active}; 400 "No such user"); {@code DELETE /api/v1/users/{user_id}}
 * (administrators only, else 400 "Must be an organization administrator"; 400 "No such user" for a deactivated user);
 * {@code POST /api/v1/users/{user_id}/reactivate}; errors as {@code {"result":"error","msg":…,"code":…}}; rate limits
 * as 429 with {@code Retry-After}. Zulip itself cannot run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class ZulipConnectorAgainstStubOfDocumentedApiTest {
    private static final String KEY = "zUl1pAp1KeyOfTheBot0123456789abc";
    private static final String BOT = "ombuds-bot@chat.example.org";
    private static final String MEMBER = "member-bot@chat.example.org";
    private static final Map<String, Long> USERS = Map.of("ada@example.org", 7L, "bob@example.org", 8L);
    private final Map<Long, Boolean> active = new ConcurrentHashMap<>(Map.of(7L, true, 8L, true));
    private final ZulipConnector connector = new ZulipConnector();
    private DocumentedApiStub zulip;

    @BeforeEach
    void startStub() throws IOException {
        zulip = DocumentedApiStub.start()
                .guard(call -> caller(call) == null
                        ? Reply.json(401, Map.of("result", "error", "msg", "Invalid API key", "code", "INVALID_API_KEY"))
                        : null)
                .unknown(call -> Reply.json(404, Map.of("result", "error", "msg", "Endpoint does not exist.", "code", "BAD_REQUEST")))
                .on("GET", "/api/v1/users/me", (call, values) -> {
                    boolean admin = BOT.equals(caller(call));
                    return Reply.json(200, Map.of("result", "success", "msg", "", "user_id", admin ? 1 : 2, "email", caller(call),
                            "role", admin ? 200 : 400, "is_admin", admin, "is_active", true));
                })
                .on("GET", "/api/v1/users/{user}", (call, values) -> {
                    Long id = values.get(0).matches("\\d+") ? Long.valueOf(values.get(0)) : USERS.get(values.get(0));
                    if (id == null || !active.containsKey(id)) return noSuchUser();
                    Map<String, Object> user = new LinkedHashMap<>();
                    user.put("user_id", id);
                    user.put("email", email(id));
                    user.put("full_name", "Someone");
                    user.put("is_active", active.get(id));
                    user.put("role", 400);
                    return Reply.json(200, Map.of("result", "success", "msg", "", "user", user));
                })
                .on("DELETE", "/api/v1/users/{id}", (call, values) -> {
                    if (!BOT.equals(caller(call))) return mustBeAdmin();
                    long id = Long.parseLong(values.get(0));
                    if (!Boolean.TRUE.equals(active.get(id))) return noSuchUser(); // deactivated users are not found here
                    active.put(id, false);
                    return Reply.json(200, Map.of("result", "success", "msg", ""));
                })
                .on("POST", "/api/v1/users/{id}/reactivate", (call, values) -> {
                    if (!BOT.equals(caller(call))) return mustBeAdmin();
                    long id = Long.parseLong(values.get(0));
                    if (!active.containsKey(id)) return noSuchUser();
                    if (active.get(id)) return Reply.json(400, Map.of("result", "error", "msg", "User is already active", "code", "BAD_REQUEST"));
                    active.put(id, true);
                    return Reply.json(200, Map.of("result", "success", "msg", ""));
                });
    }

    @AfterEach
    void stopStub() {
        zulip.close();
    }

    @Test
    void applyDeactivatesTheUserFoundByEmailAndAppliedSaysSo() throws PeerException {
        connector.apply(settings(BOT, KEY), target("ada@example.org"));

        assertThat(active.get(7L)).isFalse();
        assertThat(active.get(8L)).isTrue();
        assertThat(zulip.calls()).extracting(call -> call.method() + " " + call.rawPath())
                .containsExactly("GET /api/v1/users/ada%40example.org", "DELETE /api/v1/users/7");
        assertThat(zulip.calls()).allSatisfy(call -> assertThat(call.header("Authorization")).isEqualTo(basic(BOT, KEY)));
        assertThat(connector.applied(settings(BOT, KEY), target("ada@example.org"))).contains(true);
        assertThat(connector.applied(settings(BOT, KEY), target("bob@example.org"))).contains(false);
    }

    @Test
    void applyingTwiceDeactivatesOnceThoughZulipRefusesASecondDeactivation() throws PeerException {
        connector.apply(settings(BOT, KEY), target("ada@example.org"));
        connector.apply(settings(BOT, KEY), target("ada@example.org"));

        assertThat(zulip.calls()).filteredOn(call -> call.method().equals("DELETE")).hasSize(1);
        assertThat(active.get(7L)).isFalse();
    }

    @Test
    void liftReactivatesAndLiftingAgainWritesNothing() throws PeerException {
        connector.apply(settings(BOT, KEY), target("ada@example.org"));
        connector.lift(settings(BOT, KEY), target("ada@example.org"));

        assertThat(active.get(7L)).isTrue();
        assertThat(zulip.calls()).extracting(Call::rawPath).contains("/api/v1/users/7/reactivate");
        assertThat(connector.applied(settings(BOT, KEY), target("ada@example.org"))).contains(false);

        zulip.forgetCalls();
        connector.lift(settings(BOT, KEY), target("ada@example.org"));
        connector.lift(settings(BOT, KEY), target("nobody@example.org"));
        assertThat(zulip.calls()).allMatch(call -> call.method().equals("GET"));
    }

    @Test
    void anUnknownUserCannotBeDeactivatedAndIsNotBanned() throws PeerException {
        assertThatThrownBy(() -> connector.apply(settings(BOT, KEY), target("nobody@example.org")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no user").doesNotContain("nobody");
                });
        assertThat(connector.applied(settings(BOT, KEY), target("nobody@example.org"))).contains(false);
        assertThat(zulip.calls()).noneMatch(call -> call.method().equals("DELETE"));
    }

    @Test
    void aWrongKeyIsRefusedForGoodWithoutShowingTheKey() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings(BOT, "wrong-zulip-key-123"), target("ada@example.org")),
                () -> connector.lift(settings(BOT, "wrong-zulip-key-123"), target("ada@example.org")),
                () -> connector.applied(settings(BOT, "wrong-zulip-key-123"), target("ada@example.org")),
                () -> connector.test(settings(BOT, "wrong-zulip-key-123")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "Invalid API key", "check email and apiKey")
                        .doesNotContain("wrong-zulip-key-123", "ada@example.org");
            });
        }
        assertThat(active.get(7L)).isTrue();
    }

    @Test
    void aKeyOfSomeoneWhoIsNotAnAdministratorFailsTheTestAndTheDeactivation() {
        assertThatThrownBy(() -> connector.test(settings(MEMBER, KEY)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("organization administrator"));
        assertThatThrownBy(() -> connector.apply(settings(MEMBER, KEY), target("ada@example.org")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("400", "Must be an organization administrator");
                });
        assertThat(active.get(7L)).isTrue();
    }

    @Test
    void unavailableAndRateLimitedAreRetryable() {
        zulip.failNext(new Reply(503, "<html><body>503 Service Unavailable</body></html>", Map.of("Content-Type", "text/html")));
        assertThatThrownBy(() -> connector.apply(settings(BOT, KEY), target("ada@example.org")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503").doesNotContain("<html>");
                });

        zulip.failNext(Reply.json(429, Map.of("result", "error", "msg", "API usage exceeded rate limit", "retry-after", 28.7,
                "code", "RATE_LIMIT_HIT")).with("Retry-After", "29"));
        assertThatThrownBy(() -> connector.apply(settings(BOT, KEY), target("ada@example.org")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "API usage exceeded rate limit", "29 s");
                });
        assertThat(active.get(7L)).isTrue();
    }

    @Test
    void testConnectionReadsItsOwnAccount() throws PeerException {
        connector.test(settings(BOT, KEY));

        assertThat(zulip.calls()).extracting(Call::rawPath).containsExactly("/api/v1/users/me");
    }

    @Test
    void theConnectorDescribesItselfAndActsOnZulipHandlesOnly() {
        assertThat(connector.type()).isEqualTo("zulip");
        assertThat(connector.identityKinds()).containsExactly("zulip");
        assertThat(connector.capabilities()).containsExactly(Connector.Capability.BAN);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("url", "email", "apiKey");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("apiKey");
        assertThat(connector.settings()).filteredOn(Connector.Setting::address).extracting(Connector.Setting::name).containsExactly("url");
        Target email = new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("email", "ada@example.org"), null, "r");
        assertThatThrownBy(() -> connector.apply(settings(BOT, KEY), email)).isInstanceOf(PeerException.class).hasMessageContaining("zulip handles");
    }

    private static String caller(Call call) {
        if (basic(BOT, KEY).equals(call.header("Authorization"))) return BOT;
        if (basic(MEMBER, KEY).equals(call.header("Authorization"))) return MEMBER;
        return null;
    }

    private static String email(long id) {
        return USERS.entrySet().stream().filter(user -> user.getValue() == id).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static Reply noSuchUser() {
        return Reply.json(400, Map.of("result", "error", "msg", "No such user", "code", "BAD_REQUEST"));
    }

    private static Reply mustBeAdmin() {
        return Reply.json(400, Map.of("result", "error", "msg", "Must be an organization administrator", "code", "UNAUTHORIZED_PRINCIPAL"));
    }

    private static String basic(String email, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private ConnectorSettings settings(String email, String key) {
        return new ConnectorSettings("space-1", "chat", Map.of("url", zulip.url() + "/", "email", email, "apiKey", key));
    }

    private static Target target(String email) {
        return new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("zulip", email), null, "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
