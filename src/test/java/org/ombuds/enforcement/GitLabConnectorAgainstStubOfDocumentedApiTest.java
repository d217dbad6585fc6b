package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.enforcement.internal.GitLabConnector;
import org.ombuds.sanctions.Decisions;

/**
 * The GitLab connector against a stub of GitLab's documented REST API (https://docs.gitlab.com/17.6/api/user_moderation,
 * https://docs.gitlab.com/17.6/api/users): {@code GET /api/v4/users?username=} (case-insensitive, at most one user),
 * {@code GET /api/v4/users/:id} ({@code state}: active, blocked, ldap_blocked), {@code POST /api/v4/users/:id/block}
 * and {@code /unblock} (201; 403 for a user blocked through LDAP, an internal user, or a token that is not an
 * administrator's), {@code GET /api/v4/user} ({@code is_admin} for an administrator); errors as
 * {@code {"message": "401 Unauthorized"}}, {@code "404 User Not Found"}. GitLab itself cannot run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class GitLabConnectorAgainstStubOfDocumentedApiTest {
    private static final String ADMIN_TOKEN = "glpat-administrator0000000000";
    private static final String USER_TOKEN = "glpat-nonadministrator00000000";
    private final Map<Long, Map<String, Object>> users = new ConcurrentHashMap<>();
    private final GitLabConnector connector = new GitLabConnector();
    private DocumentedApiStub gitlab;

    @BeforeEach
    void startStub() throws IOException {
        user(7, "OctoCat", "active", false);
        user(8, "ldap-person", "ldap_blocked", false);
        user(9, "support-bot", "active", true);
        gitlab = DocumentedApiStub.start()
                .guard(call -> {
                    String token = call.header("PRIVATE-TOKEN");
                    return ADMIN_TOKEN.equals(token) || USER_TOKEN.equals(token) ? null : Reply.json(401, Map.of("message", "401 Unauthorized"));
                })
                .unknown(call -> Reply.json(404, Map.of("error", "404 Not Found")))
                .on("GET", "/api/v4/user", (call, values) -> admin(call)
                        ? Reply.json(200, Map.of("id", 1, "username", "root", "state", "active", "is_admin", true))
                        : Reply.json(200, Map.of("id", 5, "username", "developer", "state", "active")))
                .on("GET", "/api/v4/users", (call, values) -> {
                    String username = DocumentedApiStub.form(call.rawQuery()).getOrDefault("username", "");
                    return Reply.json(200, users.values().stream()
                            .filter(user -> ((String) user.get("username")).toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT)))
                            .map(user -> Map.of("id", user.get("id"), "username", user.get("username"), "state", user.get("state")))
                            .toList());
                })
                .on("GET", "/api/v4/users/{id}", (call, values) -> {
                    Map<String, Object> user = users.get(Long.parseLong(values.get(0)));
                    return user == null ? notFound() : Reply.json(200, user);
                })
                .on("POST", "/api/v4/users/{id}/block", (call, values) -> {
                    Map<String, Object> user = users.get(Long.parseLong(values.get(0)));
                    if (user == null) return notFound();
                    if (!admin(call)) return Reply.json(403, Map.of("message", "403 Forbidden"));
                    if (user.get("state").equals("ldap_blocked")) {
                        return Reply.json(403, Map.of("message", "403 Forbidden - A blocked by LDAP user cannot be blocked by the API"));
                    }
                    if (Boolean.TRUE.equals(user.get("internal"))) return Reply.json(403, Map.of("message", "403 Forbidden - An internal user cannot be blocked"));
                    user.put("state", "blocked");
                    return Reply.json(201, "true");
                })
                .on("POST", "/api/v4/users/{id}/unblock", (call, values) -> {
                    Map<String, Object> user = users.get(Long.parseLong(values.get(0)));
                    if (user == null) return notFound();
                    if (!admin(call)) return Reply.json(403, Map.of("message", "403 Forbidden"));
                    if (user.get("state").equals("ldap_blocked")) {
                        return Reply.json(403, Map.of("message", "403 Forbidden - LDAP blocked users cannot be unblocked by the API"));
                    }
                    user.put("state", "active");
                    return Reply.json(201, "true");
                });
    }

    @AfterEach
    void stopStub() {
        gitlab.close();
    }

    @Test
    void applyBlocksTheUserWithTheDocumentedRequestAndAppliedSaysSo() throws PeerException {
        connector.apply(settings(ADMIN_TOKEN), target("octocat"));

        assertThat(users.get(7L)).containsEntry("state", "blocked");
        assertThat(users.get(9L)).containsEntry("state", "active");
        assertThat(connector.applied(settings(ADMIN_TOKEN), target("octocat"))).contains(true);
        assertThat(connector.applied(settings(ADMIN_TOKEN), target("support-bot"))).contains(false);
        assertThat(gitlab.calls()).filteredOn(call -> call.method().equals("POST")).singleElement()
                .satisfies(call -> assertThat(call.rawPath()).isEqualTo("/api/v4/users/7/block"));
        assertThat(gitlab.calls().get(0).rawPath()).isEqualTo("/api/v4/users");
        assertThat(DocumentedApiStub.form(gitlab.calls().get(0).rawQuery())).containsEntry("username", "octocat");
        assertThat(gitlab.calls()).allSatisfy(call -> assertThat(call.header("PRIVATE-TOKEN")).isEqualTo(ADMIN_TOKEN));
    }

    @Test
    void applyingTwiceBlocksOnce() throws PeerException {
        connector.apply(settings(ADMIN_TOKEN), target("octocat"));
        connector.apply(settings(ADMIN_TOKEN), target("octocat"));

        assertThat(users.get(7L)).containsEntry("state", "blocked");
        assertThat(gitlab.calls()).filteredOn(call -> call.method().equals("POST")).hasSize(1);
    }

    @Test
    void liftUnblocksAndAppliedThenSaysNoAndLiftingAgainIsFine() throws PeerException {
        connector.apply(settings(ADMIN_TOKEN), target("octocat"));
        connector.lift(settings(ADMIN_TOKEN), target("octocat"));

        assertThat(users.get(7L)).containsEntry("state", "active");
        assertThat(connector.applied(settings(ADMIN_TOKEN), target("octocat"))).contains(false);
        gitlab.forgetCalls();
        connector.lift(settings(ADMIN_TOKEN), target("octocat"));
        assertThat(gitlab.calls()).noneMatch(call -> call.method().equals("POST"));
        assertThat(users.get(7L)).containsEntry("state", "active");
    }

    @Test
    void aUserBlockedThroughLdapCountsAsBlockedButOnlyTheDirectoryUnblocksThem() throws PeerException {
        connector.apply(settings(ADMIN_TOKEN), target("ldap-person"));
        assertThat(connector.applied(settings(ADMIN_TOKEN), target("ldap-person"))).contains(true);

        assertThatThrownBy(() -> connector.lift(settings(ADMIN_TOKEN), target("ldap-person")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "LDAP blocked users cannot be unblocked", "unblock them in the directory")
                            .doesNotContain("ldap-person");
                });
        assertThat(users.get(8L)).containsEntry("state", "ldap_blocked");
    }

    @Test
    void anInternalUserCannotBeBlockedAndAnUnknownUserIsSaidSo() {
        assertThatThrownBy(() -> connector.apply(settings(ADMIN_TOKEN), target("support-bot")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "internal user").doesNotContain("support-bot");
                });
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings(ADMIN_TOKEN), target("nobody-here")),
                () -> connector.lift(settings(ADMIN_TOKEN), target("nobody-here")),
                () -> connector.applied(settings(ADMIN_TOKEN), target("nobody-here")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("GitLab knows no user").doesNotContain("nobody-here");
            });
        }
    }

    @Test
    void aWrongTokenIsRefusedForGoodWithoutShowingItOrThePerson() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("glpat-wrong"), target("octocat")),
                () -> connector.lift(settings("glpat-wrong"), target("octocat")),
                () -> connector.applied(settings("glpat-wrong"), target("octocat")),
                () -> connector.test(settings("glpat-wrong")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "Unauthorized", "refused the token").doesNotContain("glpat-wrong", "octocat");
            });
        }
        assertThat(users.get(7L)).containsEntry("state", "active");
    }

    @Test
    void aTokenThatIsNotAnAdministratorsIsSaidSo() {
        assertThatThrownBy(() -> connector.apply(settings(USER_TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "administrator").doesNotContain(USER_TOKEN);
                });
        assertThatThrownBy(() -> connector.test(settings(USER_TOKEN)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("not an administrator's"));
        assertThat(users.get(7L)).containsEntry("state", "active");
    }

    @Test
    void unavailableAndRateLimitedAreRetryable() {
        gitlab.failNext(Reply.json(503, Map.of("message", "503 Service Unavailable")).with("Retry-After", "30"));
        assertThatThrownBy(() -> connector.apply(settings(ADMIN_TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503", "30 s");
                });
        // GitLab's rate limiter answers in plain text, with Retry-After.
        gitlab.failNext(new Reply(429, "Retry later", Map.of("Content-Type", "text/plain", "Retry-After", "60")));
        assertThatThrownBy(() -> connector.lift(settings(ADMIN_TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "Retry later", "60 s");
                });
        assertThat(users.get(7L)).containsEntry("state", "active");
    }

    @Test
    void testConnectionReadsTheTokensUser() throws PeerException {
        connector.test(settings(ADMIN_TOKEN));

        assertThat(gitlab.calls()).extracting(DocumentedApiStub.Call::rawPath).containsExactly("/api/v4/user");
    }

    @Test
    void theConnectorDescribesItself() {
        assertThat(connector.type()).isEqualTo("gitlab");
        assertThat(connector.identityKinds()).containsExactly("gitlab");
        assertThat(connector.capabilities()).containsExactly(Connector.Capability.BAN);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("url", "token");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("token");
        assertThat(connector.settings()).filteredOn(Connector.Setting::address).extracting(Connector.Setting::name).containsExactly("url");
    }

    private void user(long id, String username, String state, boolean internal) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("username", username);
        user.put("name", username);
        user.put("state", state);
        user.put("internal", internal);
        user.put("web_url", "https://gitlab.example.org/" + username);
        users.put(id, user);
    }

    private static boolean admin(DocumentedApiStub.Call call) {
        return ADMIN_TOKEN.equals(call.header("PRIVATE-TOKEN"));
    }

    private static Reply notFound() {
        return Reply.json(404, Map.of("message", "404 User Not Found"));
    }


    private ConnectorSettings settings(String token) {
        return new ConnectorSettings("space-1", "code", Map.of("url", gitlab.url(), "token", token));
    }

    private static Target target(String username) {
        return new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("gitlab", username), null,
                "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
