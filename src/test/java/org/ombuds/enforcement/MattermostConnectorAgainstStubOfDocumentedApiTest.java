package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
import org.ombuds.enforcement.internal.MattermostConnector;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.sanctions.Decisions;
import tools.jackson.databind.JsonNode;

/**
 * The Mattermost connector against a stub of Mattermost's documented API v4 (https://developers.mattermost.com/api-documentation/):
 * {@code Authorization: Bearer} with a personal access token, 401 {@code api.context.session_expired.app_error} when
 * it is wrong, 403 {@code api.context.permissions.app_error} without the permission; {@code GET /api/v4/users/me},
 * {@code GET /api/v4/users/username/{username}} and {@code GET /api/v4/users/{user_id}} (deactivated users too, with
 * {@code delete_at} > 0; 404 {@code app.user.missing_account.const}); {@code DELETE /api/v4/users/{user_id}} and
 * {@code PUT /api/v4/users/{user_id}/active} with {@code {"active": …}} ({@code {"status":"OK"}}); a team's members:
 * {@code GET}/{@code DELETE /api/v4/teams/{team_id}/members/{user_id}} (a removed member keeps a record with
 * {@code delete_at} > 0; 404 for someone never in it), {@code POST /api/v4/teams/{team_id}/members}; errors as
 * {@code {"id","message","detailed_error","request_id","status_code"}}. Mattermost itself cannot run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class MattermostConnectorAgainstStubOfDocumentedApiTest {
    private static final String TOKEN = "mmpat0admin0token0abcdefghij";
    private static final String MEMBER_TOKEN = "mmpat0member0token0abcdefgh";
    private static final String TEAM = "tm0000000000000000000000te";
    private static final Map<String, String> USERS = Map.of("ada.l", "ad0000000000000000000000us", "bob_b", "bo0000000000000000000000us");
    private final Map<String, Long> deleteAt = new ConcurrentHashMap<>(Map.of(USERS.get("ada.l"), 0L, USERS.get("bob_b"), 0L));
    private final Map<String, Long> teamDeleteAt = new ConcurrentHashMap<>(Map.of(USERS.get("ada.l"), 0L));
    private final MattermostConnector connector = new MattermostConnector();
    private DocumentedApiStub mattermost;

    @BeforeEach
    void startStub() throws IOException {
        mattermost = DocumentedApiStub.start()
                .guard(call -> List.of("Bearer " + TOKEN, "Bearer " + MEMBER_TOKEN).contains(String.valueOf(call.header("Authorization"))) ? null
                        : error(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again."))
                .unknown(call -> error(404, "api.context.404.app_error", "Sorry, we could not find the page."))
                .on("GET", "/api/v4/users/me", (call, values) -> Reply.json(200, Map.of("id", "me000000000000000000000000", "username", "ombuds",
                        "roles", admin(call) ? "system_user system_admin" : "system_user", "delete_at", 0)))
                .on("GET", "/api/v4/users/username/{username}", (call, values) -> {
                    String id = USERS.get(values.get(0));
                    return id == null ? missingUser() : Reply.json(200, user(id));
                })
                .on("GET", "/api/v4/users/{id}", (call, values) -> deleteAt.containsKey(values.get(0)) ? Reply.json(200, user(values.get(0)))
                        : missingUser())
                .on("DELETE", "/api/v4/users/{id}", (call, values) -> {
                    if (!admin(call)) return noPermission();
                    if (!deleteAt.containsKey(values.get(0))) return missingUser();
                    deleteAt.put(values.get(0), System.currentTimeMillis());
                    return Reply.json(200, Map.of("status", "OK"));
                })
                .on("PUT", "/api/v4/users/{id}/active", (call, values) -> {
                    if (!admin(call)) return noPermission();
                    if (!deleteAt.containsKey(values.get(0))) return missingUser();
                    JsonNode active = call.json().path("active");
                    if (!active.isBoolean()) {
                        return error(400, "api.context.invalid_body_param.app_error", "Invalid or missing active in request body.");
                    }
                    deleteAt.put(values.get(0), active.asBoolean() ? 0L : System.currentTimeMillis());
                    return Reply.json(200, Map.of("status", "OK"));
                })
                .on("GET", "/api/v4/teams/{team}", (call, values) -> TEAM.equals(values.get(0))
                        ? Reply.json(200, Map.of("id", TEAM, "name", "community", "display_name", "Community")) : missingTeam())
                .on("GET", "/api/v4/teams/{team}/members/{id}", (call, values) -> {
                    if (!TEAM.equals(values.get(0))) return missingTeam();
                    Long at = teamDeleteAt.get(values.get(1));
                    return at == null ? error(404, "app.team.get_member.missing.app_error", "No team member found for that user ID and team ID.")
                            : Reply.json(200, Map.of("team_id", TEAM, "user_id", values.get(1), "roles", "team_user", "delete_at", at));
                })
                .on("DELETE", "/api/v4/teams/{team}/members/{id}", (call, values) -> {
                    if (!TEAM.equals(values.get(0))) return missingTeam();
                    teamDeleteAt.put(values.get(1), System.currentTimeMillis());
                    return Reply.json(200, Map.of("status", "OK"));
                })
                .on("POST", "/api/v4/teams/{team}/members", (call, values) -> {
                    if (!TEAM.equals(values.get(0)) || !TEAM.equals(call.json().path("team_id").asString(""))) return missingTeam();
                    String id = call.json().path("user_id").asString("");
                    if (!deleteAt.containsKey(id)) return missingUser();
                    teamDeleteAt.put(id, 0L);
                    return Reply.json(201, Map.of("team_id", TEAM, "user_id", id, "roles", "team_user", "delete_at", 0));
                });
    }

    @AfterEach
    void stopStub() {
        mattermost.close();
    }

    @Test
    void applyDeactivatesTheUserFoundByUsernameAndAppliedSaysSo() throws PeerException {
        connector.apply(settings(TOKEN), target("ada.l"));

        assertThat(deleteAt.get(USERS.get("ada.l"))).isPositive();
        assertThat(deleteAt.get(USERS.get("bob_b"))).isZero();
        assertThat(mattermost.calls()).extracting(call -> call.method() + " " + call.rawPath())
                .containsExactly("GET /api/v4/users/username/ada.l", "DELETE /api/v4/users/" + USERS.get("ada.l"));
        assertThat(mattermost.calls()).allSatisfy(call -> assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(connector.applied(settings(TOKEN), target("ada.l"))).contains(true);
        assertThat(connector.applied(settings(TOKEN), target("bob_b"))).contains(false);
    }

    @Test
    void applyingTwiceDeactivatesOnce() throws PeerException {
        connector.apply(settings(TOKEN), target("ada.l"));
        long first = deleteAt.get(USERS.get("ada.l"));
        connector.apply(settings(TOKEN), target("ada.l"));

        assertThat(mattermost.calls()).filteredOn(call -> call.method().equals("DELETE")).hasSize(1);
        assertThat(deleteAt.get(USERS.get("ada.l"))).isEqualTo(first);
    }

    @Test
    void liftReactivatesWithTheDocumentedBodyAndLiftingAgainWritesNothing() throws PeerException {
        connector.apply(settings(TOKEN), target("ada.l"));
        connector.lift(settings(TOKEN), target("ada.l"));

        assertThat(deleteAt.get(USERS.get("ada.l"))).isZero();
        Call put = mattermost.calls().stream().filter(call -> call.method().equals("PUT")).findFirst().orElseThrow();
        assertThat(put.rawPath()).isEqualTo("/api/v4/users/" + USERS.get("ada.l") + "/active");
        assertThat(put.header("Content-Type")).isEqualTo("application/json");
        assertThat(put.json().path("active").isBoolean()).isTrue();
        assertThat(put.json().path("active").asBoolean()).isTrue();
        assertThat(connector.applied(settings(TOKEN), target("ada.l"))).contains(false);

        mattermost.forgetCalls();
        connector.lift(settings(TOKEN), target("ada.l"));
        connector.lift(settings(TOKEN), target("nobody"));
        assertThat(mattermost.calls()).allMatch(call -> call.method().equals("GET"));
    }

    @Test
    void anUnknownUserCannotBeDeactivatedAndIsNotBanned() throws PeerException {
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("nobody")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no user").doesNotContain("nobody");
                });
        assertThat(connector.applied(settings(TOKEN), target("nobody"))).contains(false);
    }

    @Test
    void aWrongTokenIsRefusedForGoodWithoutShowingIt() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("wrong-mm-token-42"), target("ada.l")),
                () -> connector.lift(settings("wrong-mm-token-42"), target("ada.l")),
                () -> connector.applied(settings("wrong-mm-token-42"), target("ada.l")),
                () -> connector.test(settings("wrong-mm-token-42")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "Invalid or expired session", "refused the token")
                        .doesNotContain("wrong-mm-token-42", "ada.l");
            });
        }
        assertThat(deleteAt.get(USERS.get("ada.l"))).isZero();
    }

    @Test
    void aTokenWithoutThePermissionIsRefusedAndSaysWhatIsNeeded() {
        assertThatThrownBy(() -> connector.apply(settings(MEMBER_TOKEN), target("ada.l")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "appropriate permissions", "System Admin");
                });
        assertThat(deleteAt.get(USERS.get("ada.l"))).isZero();
    }

    @Test
    void unavailableAndRateLimitedAreRetryable() {
        mattermost.failNext(new Reply(503, "<html><body>503 Service Temporarily Unavailable</body></html>", Map.of("Content-Type", "text/html")));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("ada.l")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503").doesNotContain("<html>");
                });
        mattermost.failNext(error(429, "api.context.rate_limit.app_error", "Too many requests.").with("X-Ratelimit-Reset", "3")
                .with("Retry-After", "3"));
        assertThatThrownBy(() -> connector.lift(settings(TOKEN), target("ada.l")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "3 s");
                });
        assertThat(deleteAt.get(USERS.get("ada.l"))).isZero();
    }

    @Test
    void withATeamIdItRemovesFromTheTeamInsteadAndAddsBackOnlyWhomItRemoved() throws PeerException {
        connector.apply(teamSettings(TEAM), target("ada.l"));

        assertThat(teamDeleteAt.get(USERS.get("ada.l"))).isPositive();
        assertThat(deleteAt.get(USERS.get("ada.l"))).isZero(); // the account stays active
        assertThat(mattermost.calls()).extracting(call -> call.method() + " " + call.rawPath())
                .contains("DELETE /api/v4/teams/" + TEAM + "/members/" + USERS.get("ada.l"));
        assertThat(connector.applied(teamSettings(TEAM), target("ada.l"))).contains(true);

        mattermost.forgetCalls();
        connector.apply(teamSettings(TEAM), target("ada.l"));
        connector.apply(teamSettings(TEAM), target("bob_b")); // never in the team: nothing to remove
        assertThat(mattermost.calls()).allMatch(call -> call.method().equals("GET"));
        assertThat(connector.applied(teamSettings(TEAM), target("bob_b"))).contains(false);

        connector.lift(teamSettings(TEAM), target("ada.l"));
        connector.lift(teamSettings(TEAM), target("bob_b"));
        assertThat(teamDeleteAt).containsOnlyKeys(USERS.get("ada.l")).containsEntry(USERS.get("ada.l"), 0L);
        assertThat(connector.applied(teamSettings(TEAM), target("ada.l"))).contains(false);

        assertThatThrownBy(() -> connector.test(teamSettings("no0such0team00000000000000")))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("404", "teamId"));
    }

    @Test
    void testConnectionReadsItsOwnAccount() throws PeerException {
        connector.test(settings(TOKEN));

        assertThat(mattermost.calls()).extracting(Call::rawPath).containsExactly("/api/v4/users/me");
    }

    @Test
    void theConnectorDescribesItself() {
        assertThat(connector.type()).isEqualTo("mattermost");
        assertThat(connector.identityKinds()).containsExactly("mattermost");
        assertThat(connector.capabilities()).containsExactly(Connector.Capability.BAN);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("url", "token", "teamId");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("token");
        assertThat(connector.settings()).filteredOn(Connector.Setting::address).extracting(Connector.Setting::name).containsExactly("url");
    }

    @Test
    void mattermostHandlesFollowMattermostsUsernameRules() {
        assertThat(IdentityHandle.kinds()).contains("mattermost");
        assertThat(IdentityHandle.parse("mattermost:Ada.L-ove_1").value()).isEqualTo("ada.l-ove_1");
        assertThat(new IdentityHandle("mattermost", "abc").value()).isEqualTo("abc");
        assertThat(new IdentityHandle("mattermost", "a".repeat(22)).value()).hasSize(22);
        for (String bad : List.of("ab", "a".repeat(23), "1ada", ".ada", "ada lovelace", "ada@example.org", "ada+1")) {
            assertThatThrownBy(() -> new IdentityHandle("mattermost", bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    private Map<String, Object> user(String id) {
        String username = USERS.entrySet().stream().filter(user -> user.getValue().equals(id)).map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("username", username);
        user.put("create_at", 1_700_000_000_000L);
        user.put("delete_at", deleteAt.get(id));
        user.put("roles", "system_user");
        return user;
    }

    private static boolean admin(Call call) {
        return ("Bearer " + TOKEN).equals(call.header("Authorization"));
    }

    private static Reply error(int status, String id, String message) {
        return Reply.json(status, Map.of("id", id, "message", message, "detailed_error", "", "request_id", "r1u9ry3ix7ym8qdw7ib5mqyk1a",
                "status_code", status));
    }

    private static Reply missingUser() {
        return error(404, "app.user.missing_account.const", "Unable to find the user.");
    }

    private static Reply missingTeam() {
        return error(404, "app.team.get.find.app_error", "Unable to find the existing team.");
    }

    private static Reply noPermission() {
        return error(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
    }

    private ConnectorSettings settings(String token) {
        return new ConnectorSettings("space-1", "chat", Map.of("url", mattermost.url(), "token", token));
    }

    private ConnectorSettings teamSettings(String team) {
        return new ConnectorSettings("space-1", "chat", Map.of("url", mattermost.url(), "token", TOKEN, "teamId", team));
    }

    private static Target target(String username) {
        return new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("mattermost", username), null,
                "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
