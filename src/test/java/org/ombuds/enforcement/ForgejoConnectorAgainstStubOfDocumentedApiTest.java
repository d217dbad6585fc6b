package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.enforcement.internal.ForgejoConnector;
import org.ombuds.sanctions.Decisions;

/**
 * The Forgejo connector against stubs of the two documented organization block APIs it speaks:
 * <ul>
 * <li>Forgejo's (its swagger, https://codeberg.org/api/swagger: orgBlockUser, orgUnblockUser, orgListBlockedUsers):
 * {@code PUT /api/v1/orgs/{org}/block/{username}} and {@code PUT .../unblock/{username}} (204; 422 to blocking one
 * blocked or an owner, and to unblocking one who is not), {@code GET /api/v1/orgs/{org}/list_blocked} (paged with
 * {@code page} and {@code limit}; entries {@code block_id}, the blocked user's id, and {@code created_at}).</li>
 * <li>Gitea's, 1.22 and later (routers/api/v1/org/block.go, routers/api/v1/shared/block.go):
 * {@code PUT / DELETE / GET /api/v1/orgs/{org}/blocks/{username}} (204; 400 to blocking one blocked or a member, and
 * to unblocking one who is not; GET 404 when not blocked and, with a message, when there is no such user).</li>
 * </ul>
 * Both: {@code GET /api/v1/users/{username}}, {@code GET /api/v1/orgs/{org}}, {@code Authorization: token ...}, errors as
 * {@code {"message": ..., "url": ...}}, 403 "Must be an organization owner". Neither can run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class ForgejoConnectorAgainstStubOfDocumentedApiTest {
    private static final String ORG = "ombuds-test";
    private static final String OWNER_TOKEN = "0123456789abcdef0123456789abcdef01234567";
    private static final String MEMBER_TOKEN = "fedcba9876543210fedcba9876543210fedcba98";
    private static final Map<String, Long> USERS = Map.of("octocat", 11L, "hubot", 12L, "owner-one", 13L);
    private static final Set<String> OWNERS_AND_MEMBERS = Set.of("owner-one");
    private final Map<Long, String> blocked = new ConcurrentHashMap<>(); // user id -> note
    private final ForgejoConnector connector = new ForgejoConnector();
    private String server;
    private DocumentedApiStub stub;

    /** Starts the stub of one server's API; the connector is set to speak it. */
    private void start(String server) throws IOException {
        this.server = server;
        stub = DocumentedApiStub.start()
                .guard(call -> {
                    String authorization = call.header("Authorization");
                    if (("token " + OWNER_TOKEN).equals(authorization) || ("token " + MEMBER_TOKEN).equals(authorization)) return null;
                    return error(401, "token is required");
                })
                .unknown(call -> error(404, "not found"))
                .on("GET", "/api/v1/users/{username}", (call, values) -> {
                    Long id = USERS.get(values.get(0).toLowerCase(Locale.ROOT));
                    return id == null ? noSuchUser(values.get(0)) : Reply.json(200, Map.of("id", id, "login", values.get(0)));
                })
                .on("GET", "/api/v1/orgs/{org}", (call, values) -> values.get(0).equals(ORG)
                        ? Reply.json(200, Map.of("id", 1, "name", ORG, "username", ORG)) : error(404, "GetOrgByName"));
        if (server.equals("gitea")) {
            stub.on("GET", "/api/v1/orgs/{org}/blocks", (call, values) -> {
                        Reply refused = owner(call, values.get(0));
                        return refused != null ? refused : Reply.json(200, blocked.keySet().stream().map(id -> Map.of("id", id)).toList());
                    })
                    .on("GET", "/api/v1/orgs/{org}/blocks/{username}", (call, values) -> {
                        Reply refused = owner(call, values.get(0));
                        if (refused != null) return refused;
                        Long id = USERS.get(values.get(1));
                        if (id == null) return noSuchUser(values.get(1));
                        return blocked.containsKey(id) ? Reply.empty(204) : Reply.empty(404);
                    })
                    .on("PUT", "/api/v1/orgs/{org}/blocks/{username}", (call, values) -> {
                        Reply refused = owner(call, values.get(0));
                        if (refused != null) return refused;
                        Long id = USERS.get(values.get(1));
                        if (id == null) return noSuchUser(values.get(1));
                        if (OWNERS_AND_MEMBERS.contains(values.get(1)) || blocked.containsKey(id)) return error(400, "user can not be blocked");
                        blocked.put(id, DocumentedApiStub.form(call.rawQuery()).getOrDefault("note", ""));
                        return Reply.empty(204);
                    })
                    .on("DELETE", "/api/v1/orgs/{org}/blocks/{username}", (call, values) -> {
                        Reply refused = owner(call, values.get(0));
                        if (refused != null) return refused;
                        Long id = USERS.get(values.get(1));
                        if (id == null) return noSuchUser(values.get(1));
                        if (blocked.remove(id) == null) return error(400, "user can not be unblocked");
                        return Reply.empty(204);
                    });
        } else {
            stub.on("GET", "/api/v1/orgs/{org}/list_blocked", (call, values) -> {
                        Reply refused = owner(call, values.get(0));
                        if (refused != null) return refused;
                        Map<String, String> query = DocumentedApiStub.form(call.rawQuery());
                        int limit = Math.min(50, Integer.parseInt(query.getOrDefault("limit", "30")));
                        int page = Integer.parseInt(query.getOrDefault("page", "1"));
                        return Reply.json(200, blocked.keySet().stream().sorted(Comparator.reverseOrder()).skip((long) (page - 1) * limit).limit(limit)
                                .map(id -> Map.of("block_id", id, "created_at", "2024-05-01T12:00:00Z")).toList());
                    })
                    .on("PUT", "/api/v1/orgs/{org}/block/{username}", (call, values) -> {
                        Reply refused = owner(call, values.get(0));
                        if (refused != null) return refused;
                        Long id = USERS.get(values.get(1));
                        if (id == null) return noSuchUser(values.get(1));
                        if (OWNERS_AND_MEMBERS.contains(values.get(1)) || blocked.containsKey(id)) return error(422, "user cannot be blocked");
                        blocked.put(id, "");
                        return Reply.empty(204);
                    })
                    .on("PUT", "/api/v1/orgs/{org}/unblock/{username}", (call, values) -> {
                        Reply refused = owner(call, values.get(0));
                        if (refused != null) return refused;
                        Long id = USERS.get(values.get(1));
                        if (id == null) return noSuchUser(values.get(1));
                        if (blocked.remove(id) == null) return error(422, "user is not blocked");
                        return Reply.empty(204);
                    });
        }
    }

    @AfterEach
    void stopStub() {
        if (stub != null) stub.close();
    }

    @Test
    void forgejoBlocksWithItsOwnPathsAndReadsTheBlockListPageByPage() throws Exception {
        start("forgejo");
        LongStream.rangeClosed(1001, 1120).forEach(id -> blocked.put(id, "")); // others: the list has three pages, octocat on the last

        connector.apply(settings(OWNER_TOKEN), target("octocat"));

        assertThat(blocked).containsKey(11L);
        assertThat(connector.applied(settings(OWNER_TOKEN), target("octocat"))).contains(true);
        assertThat(connector.applied(settings(OWNER_TOKEN), target("hubot"))).contains(false);
        assertThat(stub.calls().get(0).method()).isEqualTo("PUT");
        assertThat(stub.calls().get(0).rawPath()).isEqualTo("/api/v1/orgs/" + ORG + "/block/octocat");
        assertThat(stub.calls()).extracting(DocumentedApiStub.Call::rawQuery).contains("limit=50&page=1", "limit=50&page=3");
        assertThat(stub.calls()).allSatisfy(call -> assertThat(call.header("Authorization")).isEqualTo("token " + OWNER_TOKEN));

        connector.lift(settings(OWNER_TOKEN), target("octocat"));
        assertThat(blocked).doesNotContainKey(11L).hasSize(120);
        assertThat(stub.calls()).filteredOn(call -> call.rawPath().endsWith("/unblock/octocat"))
                .singleElement().satisfies(call -> assertThat(call.method()).isEqualTo("PUT"));
    }

    @Test
    void giteaBlocksWithGitHubsShapeAndKeepsTheReasonAsTheNote() throws Exception {
        start("gitea");

        connector.apply(settings(OWNER_TOKEN), target("octocat"));

        assertThat(blocked).containsEntry(11L, "Code of Conduct sanction sanction-1");
        assertThat(connector.applied(settings(OWNER_TOKEN), target("octocat"))).contains(true);
        assertThat(stub.calls().get(0).method()).isEqualTo("PUT");
        assertThat(stub.calls().get(0).rawPath()).isEqualTo("/api/v1/orgs/" + ORG + "/blocks/octocat");

        connector.lift(settings(OWNER_TOKEN), target("octocat"));
        assertThat(blocked).isEmpty();
        assertThat(stub.calls()).filteredOn(call -> call.method().equals("DELETE")).singleElement()
                .satisfies(call -> assertThat(call.rawPath()).isEqualTo("/api/v1/orgs/" + ORG + "/blocks/octocat"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forgejo", "gitea"})
    void applyingTwiceAndLiftingTwiceAreFineThoughTheServerRefusesTheSecond(String server) throws Exception {
        start(server);

        connector.apply(settings(OWNER_TOKEN), target("octocat"));
        connector.apply(settings(OWNER_TOKEN), target("octocat"));
        assertThat(blocked).containsOnlyKeys(11L);

        connector.lift(settings(OWNER_TOKEN), target("octocat"));
        assertThat(connector.applied(settings(OWNER_TOKEN), target("octocat"))).contains(false);
        connector.lift(settings(OWNER_TOKEN), target("octocat"));
        assertThat(blocked).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"forgejo", "gitea"})
    void anOwnerOrMemberCannotBeBlockedAndAnUnknownUserIsSaidSoWithoutTheirName(String server) throws Exception {
        start(server);

        assertThatThrownBy(() -> connector.apply(settings(OWNER_TOKEN), target("owner-one")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("cannot block this account").doesNotContain("owner-one");
                });
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings(OWNER_TOKEN), target("nobody-here")),
                () -> connector.lift(settings(OWNER_TOKEN), target("nobody-here")),
                () -> connector.applied(settings(OWNER_TOKEN), target("nobody-here")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                // the peer's own message names the user ("user does not exist [uid: 0, name: ...]"): scrubbed
                assertThat(e.getMessage()).containsIgnoringCase(server + " knows no").doesNotContain("nobody-here");
            });
        }
        assertThat(blocked).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"forgejo", "gitea"})
    void aWrongTokenIsRefusedForGoodWithoutShowingItOrThePerson(String server) throws Exception {
        start(server);
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("wrong-token"), target("octocat")),
                () -> connector.lift(settings("wrong-token"), target("octocat")),
                () -> connector.applied(settings("wrong-token"), target("octocat")),
                () -> connector.test(settings("wrong-token")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "token is required", "refused the token").doesNotContain("wrong-token", "octocat");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"forgejo", "gitea"})
    void aTokenOfSomeoneWhoIsNotAnOwnerIsToldSo(String server) throws Exception {
        start(server);

        assertThatThrownBy(() -> connector.apply(settings(MEMBER_TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "Must be an organization owner", "owner's");
                });
        assertThatThrownBy(() -> connector.test(settings(MEMBER_TOKEN)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("403", "blocked users"));
        assertThat(blocked).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"forgejo", "gitea"})
    void unavailableAndRateLimitedAreRetryable(String server) throws Exception {
        start(server);
        stub.failNext(error(503, "Service Unavailable").with("Retry-After", "30"));
        assertThatThrownBy(() -> connector.apply(settings(OWNER_TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503", "30 s");
                });
        stub.failNext(error(429, "rate limit exceeded").with("Retry-After", "60"));
        assertThatThrownBy(() -> connector.lift(settings(OWNER_TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "60 s");
                });
        assertThat(blocked).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"forgejo", "gitea"})
    void testConnectionReadsTheOrganizationAndItsBlockList(String server) throws Exception {
        start(server);

        connector.test(settings(OWNER_TOKEN));

        assertThat(stub.calls()).extracting(DocumentedApiStub.Call::rawPath)
                .containsExactly("/api/v1/orgs/" + ORG, "/api/v1/orgs/" + ORG + (server.equals("gitea") ? "/blocks" : "/list_blocked"));
        Map<String, String> otherOrg = new HashMap<>(settings(OWNER_TOKEN).values());
        otherOrg.put("org", "not-ours");
        assertThatThrownBy(() -> connector.test(new ConnectorSettings("space-1", "code", otherOrg)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("404", "no organization 'not-ours'"));
    }

    @Test
    void theConnectorDescribesItselfAndRefusesAnUnknownServer() throws Exception {
        assertThat(connector.type()).isEqualTo("forgejo");
        assertThat(connector.identityKinds()).containsExactly("forgejo");
        assertThat(connector.capabilities()).containsExactly(Connector.Capability.BAN);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("url", "org", "token", "server");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("token");
        start("forgejo");
        Map<String, String> values = new HashMap<>(settings(OWNER_TOKEN).values());
        values.put("server", "gogs");
        assertThatThrownBy(() -> connector.apply(new ConnectorSettings("space-1", "code", values), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("'server'", "forgejo or gitea"));
        assertThat(stub.calls()).isEmpty();
    }

    private static Reply owner(DocumentedApiStub.Call call, String org) {
        if (!org.equals(ORG)) return error(404, "GetOrgByName");
        return ("token " + OWNER_TOKEN).equals(call.header("Authorization")) ? null : error(403, "Must be an organization owner");
    }

    private static Reply noSuchUser(String name) {
        return error(404, "user does not exist [uid: 0, name: " + name + "]");
    }

    private static Reply error(int status, String message) {
        return Reply.json(status, Map.of("message", message, "url", "https://forge.example.org/api/swagger"));
    }


    private ConnectorSettings settings(String token) {
        return new ConnectorSettings("space-1", "code", Map.of("url", stub.url(), "org", ORG, "token", token, "server", server));
    }

    private static Target target(String username) {
        return new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("forgejo", username), null,
                "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
