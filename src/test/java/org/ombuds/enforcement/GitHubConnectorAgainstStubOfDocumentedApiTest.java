package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.enforcement.internal.GitHubConnector;
import org.ombuds.sanctions.Decisions;

/**
 * The GitHub connector against a stub of GitHub's documented REST API for organization blocks
 * (docs.github.com/rest/orgs/blocking; octokit {@code blockUser}): {@code GET/PUT/DELETE /orgs/{org}/blocks/{username}}
 * (204, or 404 when not blocked), {@code GET /orgs/{org}/blocks}, {@code GET /orgs/{org}}; 401 "Bad credentials" for
 * a wrong token; 404 to a classic token without admin:org on the block routes; 422 to blocking a member or blocking
 * twice; rate limits as 403 with {@code x-ratelimit-remaining: 0} or 429 with {@code retry-after}. GitHub itself
 * cannot run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class GitHubConnectorAgainstStubOfDocumentedApiTest {
    private static final String ORG = "ombuds-test";
    private static final String TOKEN = "ghp_ownerTokenWithAdminOrg0000000000000";
    private static final String WITHOUT_ADMIN_ORG = "ghp_classicTokenWithoutAdminOrg000000000";
    private static final String DOCS = "https://docs.github.com/rest/orgs/blocking";
    private final Set<String> users = Set.of("octocat", "hubot", "member-one");
    private final Set<String> members = Set.of("member-one");
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private final GitHubConnector connector = new GitHubConnector();
    private DocumentedApiStub github;

    @BeforeEach
    void startStub() throws IOException {
        github = DocumentedApiStub.start()
                .guard(call -> {
                    String authorization = call.header("Authorization");
                    if (("Bearer " + TOKEN).equals(authorization) || ("Bearer " + WITHOUT_ADMIN_ORG).equals(authorization)) return null;
                    return Reply.json(401, Map.of("message", "Bad credentials", "documentation_url", "https://docs.github.com/rest", "status", "401"));
                })
                .unknown(call -> notFound())
                .on("GET", "/orgs/{org}", (call, values) -> values.get(0).equals(ORG)
                        ? Reply.json(200, Map.of("login", ORG, "id", 4242, "type", "Organization")) : notFound())
                .on("GET", "/orgs/{org}/blocks", (call, values) -> {
                    if (!mayManageBlocks(call, values.get(0))) return notFound();
                    return Reply.json(200, blocked.stream().sorted().map(login -> Map.of("login", login, "type", "User")).toList());
                })
                .on("GET", "/orgs/{org}/blocks/{username}", (call, values) -> {
                    if (!mayManageBlocks(call, values.get(0))) return notFound();
                    return blocked.contains(values.get(1)) ? Reply.empty(204) : notFound();
                })
                .on("PUT", "/orgs/{org}/blocks/{username}", (call, values) -> {
                    if (!mayManageBlocks(call, values.get(0)) || !users.contains(values.get(1))) return notFound();
                    if (members.contains(values.get(1))) return unprocessable("Validation Failed");
                    if (!blocked.add(values.get(1))) return unprocessable("Blocked user has already been blocked");
                    return Reply.empty(204);
                })
                .on("DELETE", "/orgs/{org}/blocks/{username}", (call, values) -> {
                    if (!mayManageBlocks(call, values.get(0))) return notFound();
                    return blocked.remove(values.get(1)) ? Reply.empty(204) : notFound();
                });
    }

    @AfterEach
    void stopStub() {
        github.close();
    }

    @Test
    void applyBlocksTheUserAndAppliedSaysSoWithTheDocumentedHeaders() throws PeerException {
        connector.apply(settings(TOKEN), target("octocat"));

        assertThat(blocked).containsExactly("octocat");
        assertThat(connector.applied(settings(TOKEN), target("octocat"))).contains(true);
        assertThat(connector.applied(settings(TOKEN), target("hubot"))).contains(false);
        DocumentedApiStub.Call put = github.calls().get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.rawPath()).isEqualTo("/orgs/" + ORG + "/blocks/octocat");
        assertThat(put.body()).isEmpty();
        assertThat(github.calls()).allSatisfy(call -> {
            assertThat(call.header("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(call.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
            assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        });
    }

    @Test
    void applyingTwiceIsFineThoughGitHubAnswers422TheSecondTime() throws PeerException {
        connector.apply(settings(TOKEN), target("octocat"));
        connector.apply(settings(TOKEN), target("octocat"));

        assertThat(blocked).containsExactly("octocat");
        assertThat(github.calls()).extracting(DocumentedApiStub.Call::method).containsExactly("PUT", "PUT", "GET");
    }

    @Test
    void liftUnblocksAndAppliedThenSaysNo() throws PeerException {
        connector.apply(settings(TOKEN), target("octocat"));
        connector.lift(settings(TOKEN), target("octocat"));

        assertThat(blocked).isEmpty();
        assertThat(connector.applied(settings(TOKEN), target("octocat"))).contains(false);
    }

    @Test
    void liftingWhatIsNotBlockedIsFine() throws PeerException {
        connector.lift(settings(TOKEN), target("hubot"));
        connector.lift(settings(TOKEN), target("hubot"));

        assertThat(blocked).isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedForGoodWithoutNamingThePerson() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("ghp_wrong"), target("octocat")),
                () -> connector.lift(settings("ghp_wrong"), target("octocat")),
                () -> connector.applied(settings("ghp_wrong"), target("octocat")),
                () -> connector.test(settings("ghp_wrong")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "Bad credentials").doesNotContain("octocat", "ghp_wrong");
            });
        }
        assertThat(blocked).isEmpty();
    }

    @Test
    void githubs404ToATokenWithoutAdminOrgIsNotTakenForNotBlocked() {
        blocked.add("octocat");

        assertThatThrownBy(() -> connector.lift(settings(WITHOUT_ADMIN_ORG), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("404", "admin:org");
                });
        assertThatThrownBy(() -> connector.applied(settings(WITHOUT_ADMIN_ORG), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("admin:org"));
        assertThatThrownBy(() -> connector.test(settings(WITHOUT_ADMIN_ORG)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("admin:org"));
        assertThat(blocked).containsExactly("octocat");
    }

    @Test
    void aMemberCannotBeBlockedAndAnUnknownUserIsSaidSo() {
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("member-one")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("422", "members cannot be blocked").doesNotContain("member-one");
                });
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("nobody-here")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("404", "no such user");
                });
    }

    @Test
    void unavailableAndRateLimitedAreRetryableAndSayHowLongToWait() {
        github.failNext(Reply.json(503, Map.of("message", "Service Unavailable")).with("Retry-After", "30"));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503", "Service Unavailable", "30 s");
                });

        long reset = Instant.now().plus(20, ChronoUnit.MINUTES).getEpochSecond();
        github.failNext(Reply.json(403, Map.of("message", "API rate limit exceeded for user ID 1.", "documentation_url", DOCS))
                .with("x-ratelimit-limit", "5000").with("x-ratelimit-remaining", "0").with("x-ratelimit-reset", String.valueOf(reset)));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("403", "rate limit", "before retrying");
                });

        github.failNext(Reply.json(429, Map.of("message", "You have exceeded a secondary rate limit.")).with("retry-after", "60"));
        assertThatThrownBy(() -> connector.lift(settings(TOKEN), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "60 s");
                });
        assertThat(blocked).isEmpty();
    }

    @Test
    void anUnreachableGitHubIsRetryable() throws IOException {
        String address = github.url();
        github.close();

        assertThatThrownBy(() -> connector.apply(settings(TOKEN, address), target("octocat")))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isTrue());
        github = DocumentedApiStub.start();
    }

    @Test
    void testConnectionReadsTheOrganizationAndItsBlocks() throws PeerException {
        connector.test(settings(TOKEN));

        assertThat(github.calls()).extracting(DocumentedApiStub.Call::rawPath).containsExactly("/orgs/" + ORG, "/orgs/" + ORG + "/blocks");
        Map<String, String> otherOrg = new LinkedHashMap<>(settings(TOKEN).values());
        otherOrg.put("org", "not-ours");
        assertThatThrownBy(() -> connector.test(new ConnectorSettings("space-1", "code", otherOrg)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("404", "no organization 'not-ours'");
                });
    }

    @Test
    void theConnectorDescribesItself() {
        assertThat(connector.type()).isEqualTo("github");
        assertThat(connector.identityKinds()).containsExactly("github");
        assertThat(connector.capabilities()).containsExactly(Connector.Capability.BAN);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("org", "token", "apiUrl");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("token");
    }

    private boolean mayManageBlocks(DocumentedApiStub.Call call, String org) {
        return org.equals(ORG) && ("Bearer " + TOKEN).equals(call.header("Authorization"));
    }

    private static Reply notFound() {
        return Reply.json(404, Map.of("message", "Not Found", "documentation_url", DOCS, "status", "404"));
    }

    private static Reply unprocessable(String message) {
        return Reply.json(422, Map.of("message", message, "documentation_url", DOCS, "status", "422"));
    }

    private ConnectorSettings settings(String token) {
        return settings(token, github.url());
    }

    private static ConnectorSettings settings(String token, String apiUrl) {
        return new ConnectorSettings("space-1", "code", Map.of("org", ORG, "token", token, "apiUrl", apiUrl));
    }

    private static Target target(String username) {
        return new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("github", username), null,
                "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
