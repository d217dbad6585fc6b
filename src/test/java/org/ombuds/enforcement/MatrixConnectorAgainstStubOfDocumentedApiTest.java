package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.DocumentedApiStub.Call;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.enforcement.internal.MatrixConnector;
import org.ombuds.sanctions.Decisions;
import tools.jackson.databind.JsonNode;

/**
 * The Matrix connector against a stub of the Matrix client-server API as specified (spec.matrix.org, v3): state
 * events ({@code PUT/GET /rooms/{roomId}/state/{eventType}/{stateKey}}; 404 M_NOT_FOUND for none; a state key
 * starting with {@code @} other than the sender's own is refused), moderation policy rules
 * ({@code m.policy.rule.user} with {@code entity}, {@code recommendation}, {@code reason}; withdrawn with empty
 * content), {@code POST /rooms/{roomId}/ban} and {@code /unban} (an unban is a leave event: sent for someone present
 * it kicks them), {@code m.room.member} and {@code m.room.power_levels} state, {@code GET /account/whoami}; a Bearer
 * token (401 M_UNKNOWN_TOKEN otherwise), 403 M_FORBIDDEN outside one's rooms or below the power level, 429
 * M_LIMIT_EXCEEDED with {@code retry_after_ms}. A homeserver cannot run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class MatrixConnectorAgainstStubOfDocumentedApiTest {
    private static final String TOKEN = "syt_b21idWRzLW1vZA_secret_token";
    private static final String ME = "@ombuds-mod:example.org";
    private static final String ADA = "@ada:example.org";
    private static final String POLICY = "!policies:example.org";
    private static final String GENERAL = "!general:example.org";
    private static final String DEV = "!dev:example.org";
    private static final String READ_ONLY = "!announcements:example.org";
    private static final String API = "/_matrix/client/v3";
    /** Per room, its state: "type|state key" to content. */
    private final Map<String, Map<String, JsonNode>> rooms = new ConcurrentHashMap<>();
    private final List<String> kicked = new CopyOnWriteArrayList<>();
    private final AtomicInteger events = new AtomicInteger();
    private final MatrixConnector connector = new MatrixConnector();
    private DocumentedApiStub matrix;

    @BeforeEach
    void startStub() throws IOException {
        for (String room : List.of(POLICY, GENERAL, DEV, READ_ONLY)) {
            Map<String, JsonNode> state = new ConcurrentHashMap<>();
            state.put("m.room.power_levels|", node(Map.of("users", Map.of(ME, room.equals(READ_ONLY) ? 0 : 100), "users_default", 0,
                    "events", Map.of("m.policy.rule.user", 50), "state_default", 50, "ban", 50, "kick", 50)));
            state.put("m.room.member|" + ME, node(Map.of("membership", "join")));
            rooms.put(room, state);
        }
        rooms.get(GENERAL).put("m.room.member|" + ADA, node(Map.of("membership", "join")));
        matrix = DocumentedApiStub.start()
                .guard(call -> {
                    String authorization = call.header("Authorization");
                    if (authorization == null) return Reply.json(401, Map.of("errcode", "M_MISSING_TOKEN", "error", "Missing access token"));
                    if (!authorization.equals("Bearer " + TOKEN)) {
                        return Reply.json(401, Map.of("errcode", "M_UNKNOWN_TOKEN", "error", "Invalid access token passed.", "soft_logout", false));
                    }
                    return null;
                })
                .unknown(call -> Reply.json(404, Map.of("errcode", "M_UNRECOGNIZED", "error", "Unrecognized request")))
                .on("GET", API + "/account/whoami", (call, values) -> Reply.json(200, Map.of("user_id", ME, "device_id", "OMBUDS")))
                .on("GET", API + "/rooms/{room}/state/{type}/", (call, values) -> getState(values.get(0), values.get(1), ""))
                .on("GET", API + "/rooms/{room}/state/{type}/{key}", (call, values) -> getState(values.get(0), values.get(1), values.get(2)))
                .on("PUT", API + "/rooms/{room}/state/{type}/{key}", (call, values) -> {
                    Map<String, JsonNode> state = rooms.get(values.get(0));
                    if (state == null || !joined(state)) return notInRoom(values.get(0));
                    if (values.get(2).startsWith("@") && !values.get(2).equals(ME)) return forbidden("You are not allowed to set others state");
                    if (level(state) < required(state, values.get(1))) return forbidden("You don't have permission to post that to the room.");
                    if (!call.json().isObject()) return Reply.json(400, Map.of("errcode", "M_NOT_JSON", "error", "Content not JSON."));
                    state.put(values.get(1) + "|" + values.get(2), call.json());
                    return Reply.json(200, Map.of("event_id", "$event" + events.incrementAndGet()));
                })
                .on("POST", API + "/rooms/{room}/ban", (call, values) -> membership(call, values.get(0), "ban"))
                .on("POST", API + "/rooms/{room}/unban", (call, values) -> membership(call, values.get(0), "leave"));
    }

    @AfterEach
    void stopStub() {
        matrix.close();
    }

    @Test
    void applyPublishesThePolicyRuleAndBansInTheRoomsAndAppliedSaysSo() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA));

        JsonNode rule = rooms.get(POLICY).get("m.policy.rule.user|_ada:example.org");
        assertThat(rule.path("entity").asString()).isEqualTo(ADA);
        assertThat(rule.path("recommendation").asString()).isEqualTo("m.ban");
        assertThat(rule.path("reason").asString()).isEqualTo("Code of Conduct sanction sanction-1");
        assertThat(membershipOf(GENERAL, ADA)).isEqualTo("ban");
        assertThat(membershipOf(DEV, ADA)).isEqualTo("ban");
        assertThat(connector.applied(settings(TOKEN), target(ADA))).contains(true);
        assertThat(connector.applied(settings(TOKEN), target("@bob:example.org"))).contains(false);
        Call publish = matrix.calls().get(0);
        assertThat(publish.method()).isEqualTo("PUT");
        assertThat(publish.rawPath()).isEqualTo(API + "/rooms/%21policies%3Aexample.org/state/m.policy.rule.user/_ada%3Aexample.org");
        assertThat(matrix.calls()).allSatisfy(call -> assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(matrix.calls()).filteredOn(call -> call.rawPath().endsWith("/ban")).allSatisfy(call -> {
            assertThat(call.json().path("user_id").asString()).isEqualTo(ADA);
            assertThat(call.json().path("reason").asString()).isEqualTo("Code of Conduct sanction sanction-1");
        });
    }

    @Test
    void applyingTwiceIsFine() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA));
        connector.apply(settings(TOKEN), target(ADA));

        assertThat(connector.applied(settings(TOKEN), target(ADA))).contains(true);
        assertThat(membershipOf(GENERAL, ADA)).isEqualTo("ban");
    }

    @Test
    void liftWithdrawsTheRuleWithEmptyContentAndUnbansAndAppliedThenSaysNo() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA));
        connector.lift(settings(TOKEN), target(ADA));

        assertThat(rooms.get(POLICY).get("m.policy.rule.user|_ada:example.org").isEmpty()).isTrue();
        assertThat(membershipOf(GENERAL, ADA)).isEqualTo("leave");
        assertThat(membershipOf(DEV, ADA)).isEqualTo("leave");
        assertThat(connector.applied(settings(TOKEN), target(ADA))).contains(false);
    }

    @Test
    void liftingWhatIsNotAppliedChangesNothingAndKicksNobody() throws PeerException {
        connector.lift(settings(TOKEN), target(ADA));
        connector.apply(settings(TOKEN), target(ADA));
        connector.lift(settings(TOKEN), target(ADA));
        matrix.forgetCalls();
        rooms.get(GENERAL).put("m.room.member|" + ADA, node(Map.of("membership", "join"))); // back in the room
        connector.lift(settings(TOKEN), target(ADA));

        assertThat(matrix.calls()).allSatisfy(call -> assertThat(call.method()).isEqualTo("GET"));
        assertThat(membershipOf(GENERAL, ADA)).isEqualTo("join");
        assertThat(kicked).isEmpty();
    }

    @Test
    void appliedSeesDriftInTheRooms() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA));
        rooms.get(DEV).put("m.room.member|" + ADA, node(Map.of("membership", "leave"))); // unbanned by hand
        assertThat(connector.applied(settings(TOKEN), target(ADA))).contains(false);

        connector.lift(settings(TOKEN), target(ADA));
        rooms.get(GENERAL).put("m.room.member|" + ADA, node(Map.of("membership", "ban"))); // banned by hand
        assertThat(connector.applied(settings(TOKEN), target(ADA))).contains(true);
    }

    @Test
    void aWrongTokenIsRefusedForGood() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("syt_wrong"), target(ADA)),
                () -> connector.lift(settings("syt_wrong"), target(ADA)),
                () -> connector.applied(settings("syt_wrong"), target(ADA)),
                () -> connector.test(settings("syt_wrong")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "M_UNKNOWN_TOKEN").doesNotContain("ada", "syt_wrong");
            });
        }
        assertThat(rooms.get(POLICY)).doesNotContainKey("m.policy.rule.user|_ada:example.org");
    }

    @Test
    void aRoomTheModeratorIsNotInIsRefusedForGood() {
        Map<String, String> values = new LinkedHashMap<>(settings(TOKEN).values());
        values.put("rooms", "!elsewhere:example.org");
        assertThatThrownBy(() -> connector.apply(new ConnectorSettings("space-1", "chat", values), target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "M_FORBIDDEN", "!elsewhere:example.org").doesNotContain(ADA);
                });
    }

    @Test
    void rateLimitedAndUnavailableAreRetryableAndSayHowLongToWait() {
        matrix.failNext(Reply.json(429, Map.of("errcode", "M_LIMIT_EXCEEDED", "error", "Too Many Requests", "retry_after_ms", 2000)));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "M_LIMIT_EXCEEDED", "2 s");
                });

        matrix.failNext(new Reply(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", Map.of("Content-Type", "text/html")));
        assertThatThrownBy(() -> connector.lift(settings(TOKEN), target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("502");
                });
        assertThat(rooms.get(POLICY)).doesNotContainKey("m.policy.rule.user|_ada:example.org");
    }

    @Test
    void testConnectionChecksTheTokenAndThePowerLevels() throws PeerException {
        connector.test(settings(TOKEN));
        assertThat(matrix.calls()).extracting(Call::rawPath).containsExactly(API + "/account/whoami",
                API + "/rooms/%21policies%3Aexample.org/state/m.room.power_levels/",
                API + "/rooms/%21general%3Aexample.org/state/m.room.power_levels/",
                API + "/rooms/%21dev%3Aexample.org/state/m.room.power_levels/");

        Map<String, String> readOnly = new LinkedHashMap<>(settings(TOKEN).values());
        readOnly.put("rooms", READ_ONLY);
        assertThatThrownBy(() -> connector.test(new ConnectorSettings("space-1", "chat", readOnly)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("power level", "too low to ban");
                });

        Map<String, String> alias = new LinkedHashMap<>(settings(TOKEN).values());
        alias.put("policyRoom", "#coc-bans:example.org");
        assertThatThrownBy(() -> connector.test(new ConnectorSettings("space-1", "chat", alias)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("room ids");
                });
    }

    @Test
    void theConnectorDescribesItself() {
        assertThat(connector.type()).isEqualTo("matrix");
        assertThat(connector.identityKinds()).containsExactly("matrix");
        assertThat(connector.capabilities()).containsExactly(Connector.Capability.BAN);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("homeserver", "accessToken", "policyRoom", "rooms");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("accessToken");
    }

    private Reply getState(String room, String type, String key) {
        Map<String, JsonNode> state = rooms.get(room);
        if (state == null || !joined(state)) return notInRoom(room);
        JsonNode content = state.get(type + "|" + key);
        return content == null ? Reply.json(404, Map.of("errcode", "M_NOT_FOUND", "error", "Event not found.")) : Reply.json(200, content.toString());
    }

    /** A ban, or an unban (a leave event sent by someone else: a kick for someone present). */
    private Reply membership(Call call, String room, String membership) {
        Map<String, JsonNode> state = rooms.get(room);
        if (state == null || !joined(state)) return notInRoom(room);
        String user = call.json().path("user_id").isString() ? call.json().path("user_id").asString() : null;
        if (user == null) return Reply.json(400, Map.of("errcode", "M_BAD_JSON", "error", "Missing user_id"));
        long needed = state.get("m.room.power_levels|").path(membership.equals("ban") ? "ban" : "kick").asLong();
        if (level(state) < needed) return forbidden("You don't have permission to " + (membership.equals("ban") ? "ban" : "unban"));
        JsonNode previous = state.get("m.room.member|" + user);
        if (membership.equals("leave") && previous != null && "join".equals(previous.path("membership").asString(""))) kicked.add(user);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("membership", membership);
        if (call.json().path("reason").isString()) content.put("reason", call.json().path("reason").asString());
        state.put("m.room.member|" + user, node(content));
        return Reply.json(200, Map.of());
    }

    private String membershipOf(String room, String user) {
        JsonNode member = rooms.get(room).get("m.room.member|" + user);
        return member == null ? null : member.path("membership").asString();
    }

    private static boolean joined(Map<String, JsonNode> state) {
        JsonNode me = state.get("m.room.member|" + ME);
        return me != null && "join".equals(me.path("membership").asString(""));
    }

    private static long level(Map<String, JsonNode> state) {
        JsonNode levels = state.get("m.room.power_levels|");
        return levels.path("users").path(ME).isNumber() ? levels.path("users").path(ME).asLong() : levels.path("users_default").asLong();
    }

    private static long required(Map<String, JsonNode> state, String type) {
        JsonNode levels = state.get("m.room.power_levels|");
        return levels.path("events").path(type).isNumber() ? levels.path("events").path(type).asLong() : levels.path("state_default").asLong();
    }

    private static Reply notInRoom(String room) {
        return forbidden("User " + ME + " not in room " + room);
    }

    private static Reply forbidden(String error) {
        return Reply.json(403, Map.of("errcode", "M_FORBIDDEN", "error", error));
    }

    private static JsonNode node(Object value) {
        return DocumentedApiStub.JSON.valueToTree(value);
    }

    private ConnectorSettings settings(String token) {
        return new ConnectorSettings("space-1", "chat", Map.of("homeserver", matrix.url(), "accessToken", token, "policyRoom", POLICY,
                "rooms", GENERAL + ", " + DEV));
    }

    private static Target target(String user) {
        return new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("matrix", user), null, "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
