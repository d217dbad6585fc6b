package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
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
import org.ombuds.enforcement.internal.MastodonConnector;
import org.ombuds.sanctions.Decisions;

/**
 * The Mastodon connector against a stub of Mastodon's documented admin API
 * (https://docs.joinmastodon.org/methods/admin/accounts/): {@code GET /api/v2/admin/accounts} with {@code origin} and
 * {@code username} (a case-insensitive prefix match, as Mastodon's {@code Account.matches_username}),
 * {@code GET /api/v1/admin/accounts/{id}} (Admin::Account, with {@code suspended} and {@code silenced}),
 * {@code POST .../action} (form {@code type}, answers {@code {}}), {@code POST .../unsuspend} (403 when not suspended,
 * as Mastodon's request spec) and {@code .../unsilence}; errors as {@code {"error": ...}}: 401 "The access token is
 * invalid", 403 "This action is outside the authorized scopes", 404 "Record not found". Mastodon itself cannot run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class MastodonConnectorAgainstStubOfDocumentedApiTest {
    private static final String DOMAIN = "social.example";
    private static final String TOKEN = "mastodon-admin-token-0123456789abcdef";
    private static final String READ_ONLY = "mastodon-read-only-token-0123456789ab";
    private final Map<String, Map<String, Object>> accounts = new ConcurrentHashMap<>();
    private final MastodonConnector connector = new MastodonConnector();
    private DocumentedApiStub mastodon;

    @BeforeEach
    void startStub() throws IOException {
        // samantha first, so that a connector taking the first of the prefix matches would act on her, not on sam
        account("100", "samantha", null);
        account("101", "sam", null);
        account("102", "sam", "elsewhere.example"); // a remote account with the same username
        mastodon = DocumentedApiStub.start()
                .guard(call -> {
                    String authorization = call.header("Authorization");
                    if (!("Bearer " + TOKEN).equals(authorization) && !("Bearer " + READ_ONLY).equals(authorization)) {
                        return Reply.json(401, Map.of("error", "The access token is invalid"));
                    }
                    if (call.method().equals("POST") && !("Bearer " + TOKEN).equals(authorization)) {
                        return Reply.json(403, Map.of("error", "This action is outside the authorized scopes"));
                    }
                    return null;
                })
                .unknown(call -> Reply.json(404, Map.of("error", "Record not found")))
                .on("GET", "/api/v2/admin/accounts", (call, values) -> {
                    Map<String, String> query = DocumentedApiStub.form(call.rawQuery());
                    String prefix = query.getOrDefault("username", "").toLowerCase(Locale.ROOT);
                    boolean local = "local".equals(query.get("origin"));
                    int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
                    return Reply.json(200, accounts.values().stream()
                            .filter(account -> !local || account.get("domain") == null)
                            .filter(account -> ((String) account.get("username")).startsWith(prefix))
                            .sorted((a, b) -> ((String) a.get("id")).compareTo((String) b.get("id")))
                            .limit(limit).toList());
                })
                .on("GET", "/api/v1/admin/accounts/{id}", (call, values) -> accounts.containsKey(values.get(0))
                        ? Reply.json(200, accounts.get(values.get(0))) : Reply.json(404, Map.of("error", "Record not found")))
                .on("POST", "/api/v1/admin/accounts/{id}/action", (call, values) -> {
                    Map<String, Object> account = accounts.get(values.get(0));
                    if (account == null) return Reply.json(404, Map.of("error", "Record not found"));
                    String type = DocumentedApiStub.form(call.body()).get("type");
                    switch (type == null ? "" : type) {
                        case "suspend" -> account.put("suspended", true);
                        case "silence" -> account.put("silenced", true);
                        case "none", "disable", "sensitive" -> { }
                        default -> { return Reply.json(422, Map.of("error", "Validation failed: Type is not included in the list")); }
                    }
                    return Reply.json(200, Map.of());
                })
                .on("POST", "/api/v1/admin/accounts/{id}/unsuspend", (call, values) -> {
                    Map<String, Object> account = accounts.get(values.get(0));
                    if (account == null) return Reply.json(404, Map.of("error", "Record not found"));
                    if (!Boolean.TRUE.equals(account.get("suspended"))) return Reply.json(403, Map.of("error", "This action is not allowed"));
                    account.put("suspended", false);
                    return Reply.json(200, account);
                })
                .on("POST", "/api/v1/admin/accounts/{id}/unsilence", (call, values) -> {
                    Map<String, Object> account = accounts.get(values.get(0));
                    if (account == null) return Reply.json(404, Map.of("error", "Record not found"));
                    account.put("silenced", false);
                    return Reply.json(200, account);
                });
    }

    @AfterEach
    void stopStub() {
        mastodon.close();
    }

    @Test
    void applySuspendsTheExactLocalAccountWithTheDocumentedRequest() throws PeerException {
        connector.apply(settings(TOKEN), target("sam@" + DOMAIN));

        assertThat(accounts.get("101")).containsEntry("suspended", true).containsEntry("silenced", false);
        assertThat(accounts.get("100")).containsEntry("suspended", false);
        assertThat(accounts.get("102")).containsEntry("suspended", false);
        assertThat(connector.applied(settings(TOKEN), target("sam@" + DOMAIN))).contains(true);
        assertThat(connector.applied(settings(TOKEN), target("samantha@" + DOMAIN))).contains(false);
        DocumentedApiStub.Call action = mastodon.calls().stream().filter(call -> call.method().equals("POST")).findFirst().orElseThrow();
        assertThat(action.rawPath()).isEqualTo("/api/v1/admin/accounts/101/action");
        assertThat(action.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(DocumentedApiStub.form(action.body())).containsEntry("type", "suspend").containsEntry("send_email_notification", "false")
                .containsEntry("text", "Code of Conduct sanction sanction-1");
        assertThat(mastodon.calls().get(0).rawPath()).isEqualTo("/api/v2/admin/accounts");
        assertThat(DocumentedApiStub.form(mastodon.calls().get(0).rawQuery())).containsEntry("origin", "local").containsEntry("username", "sam");
        assertThat(mastodon.calls()).allSatisfy(call -> assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN));
    }

    @Test
    void applyingTwiceActsOnceAndALeadingAtIsTheSameAccount() throws PeerException {
        connector.apply(settings(TOKEN), target("sam@" + DOMAIN));
        connector.apply(settings(TOKEN), target("@sam@" + DOMAIN));

        assertThat(accounts.get("101")).containsEntry("suspended", true);
        assertThat(mastodon.calls()).filteredOn(call -> call.method().equals("POST")).hasSize(1);
    }

    @Test
    void liftUnsuspendsAndAppliedThenSaysNoAndLiftingAgainIsFine() throws PeerException {
        connector.apply(settings(TOKEN), target("sam@" + DOMAIN));
        connector.lift(settings(TOKEN), target("sam@" + DOMAIN));

        assertThat(accounts.get("101")).containsEntry("suspended", false);
        assertThat(connector.applied(settings(TOKEN), target("sam@" + DOMAIN))).contains(false);
        mastodon.forgetCalls();
        // Mastodon answers 403 to unsuspending an account that is not suspended: the connector does not ask.
        connector.lift(settings(TOKEN), target("sam@" + DOMAIN));
        assertThat(mastodon.calls()).extracting(DocumentedApiStub.Call::rawPath).doesNotContain("/api/v1/admin/accounts/101/unsuspend");
    }

    @Test
    void theSilenceSettingLimitsInsteadAndUnsilencesAtTheEnd() throws PeerException {
        ConnectorSettings silence = settings(TOKEN, Map.of("action", "silence"));
        connector.apply(silence, target("sam@" + DOMAIN));

        assertThat(accounts.get("101")).containsEntry("silenced", true).containsEntry("suspended", false);
        assertThat(connector.applied(silence, target("sam@" + DOMAIN))).contains(true);
        assertThat(connector.applied(settings(TOKEN), target("sam@" + DOMAIN))).as("not suspended").contains(false);

        connector.lift(silence, target("sam@" + DOMAIN));
        assertThat(accounts.get("101")).containsEntry("silenced", false);
        assertThat(mastodon.calls()).extracting(DocumentedApiStub.Call::rawPath).contains("/api/v1/admin/accounts/101/unsilence");

        assertThatThrownBy(() -> connector.apply(settings(TOKEN, Map.of("action", "ban")), target("sam@" + DOMAIN)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("'action'", "suspend or silence"));
    }

    @Test
    void anAccountOfAnotherServerIsRefusedWithoutACall() {
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("sam@elsewhere.example")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("not one of this instance's (" + DOMAIN + ")", "by hand", "domain")
                            .doesNotContain("sam", "elsewhere");
                });
        assertThat(mastodon.calls()).isEmpty();
        assertThat(accounts.get("102")).containsEntry("suspended", false);

        // Without a 'domain' setting the address's host (127.0.0.1 here) is the instance's domain.
        Map<String, String> noDomain = new HashMap<>(settings(TOKEN).values());
        noDomain.remove("domain");
        assertThatThrownBy(() -> connector.apply(new ConnectorSettings("space-1", "fedi", noDomain), target("sam@" + DOMAIN)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("(127.0.0.1)"));
    }

    @Test
    void anUnknownAccountIsSaidSoWithoutItsName() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings(TOKEN), target("nobody@" + DOMAIN)),
                () -> connector.applied(settings(TOKEN), target("nobody@" + DOMAIN)),
                () -> connector.apply(settings(TOKEN), target("sa@" + DOMAIN)))) { // a prefix of two accounts, neither of them
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("no local account").doesNotContain("nobody");
            });
        }
        assertThat(accounts.values()).allSatisfy(account -> assertThat(account).containsEntry("suspended", false));
    }

    @Test
    void aWrongTokenIsRefusedForGoodWithoutShowingItOrThePerson() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("wrong-token-value"), target("sam@" + DOMAIN)),
                () -> connector.lift(settings("wrong-token-value"), target("sam@" + DOMAIN)),
                () -> connector.applied(settings("wrong-token-value"), target("sam@" + DOMAIN)),
                () -> connector.test(settings("wrong-token-value")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "The access token is invalid", "refused the token")
                        .doesNotContain("wrong-token-value", "sam");
            });
        }
    }

    @Test
    void aTokenWithoutTheWriteScopeIsToldWhichScopesItNeeds() {
        assertThatThrownBy(() -> connector.apply(settings(READ_ONLY), target("sam@" + DOMAIN)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "outside the authorized scopes", "admin:write:accounts").doesNotContain(READ_ONLY);
                });
        assertThat(accounts.get("101")).containsEntry("suspended", false);
    }

    @Test
    void unavailableAndRateLimitedAreRetryable() {
        mastodon.failNext(Reply.json(503, Map.of("error", "Service Unavailable")).with("Retry-After", "30"));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("sam@" + DOMAIN)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503", "Service Unavailable", "30 s");
                });
        mastodon.failNext(Reply.json(429, Map.of("error", "Too many requests")).with("X-RateLimit-Remaining", "0"));
        assertThatThrownBy(() -> connector.lift(settings(TOKEN), target("sam@" + DOMAIN)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "Too many requests");
                });
        assertThat(accounts.get("101")).containsEntry("suspended", false);
    }

    @Test
    void testConnectionListsOneLocalAccount() throws PeerException {
        connector.test(settings(TOKEN));

        assertThat(mastodon.calls()).singleElement().satisfies(call -> {
            assertThat(call.rawPath()).isEqualTo("/api/v2/admin/accounts");
            assertThat(DocumentedApiStub.form(call.rawQuery())).containsEntry("origin", "local").containsEntry("limit", "1");
        });
    }

    @Test
    void theConnectorDescribesItself() {
        assertThat(connector.type()).isEqualTo("mastodon");
        assertThat(connector.identityKinds()).containsExactly("mastodon");
        assertThat(connector.capabilities()).containsExactlyInAnyOrder(Connector.Capability.BAN, Connector.Capability.MUTE);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("url", "token", "action", "domain");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("token");
        assertThat(connector.settings()).filteredOn(Connector.Setting::address).extracting(Connector.Setting::name).containsExactly("url");
    }

    private void account(String id, String username, String domain) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", id);
        account.put("username", username);
        account.put("domain", domain);
        account.put("created_at", "2024-01-01T00:00:00.000Z");
        account.put("suspended", false);
        account.put("silenced", false);
        account.put("disabled", false);
        account.put("approved", true);
        account.put("account", Map.of("id", id, "username", username, "acct", domain == null ? username : username + "@" + domain));
        accounts.put(id, account);
    }


    private ConnectorSettings settings(String token) {
        return settings(token, Map.of());
    }

    private ConnectorSettings settings(String token, Map<String, String> more) {
        Map<String, String> values = new HashMap<>(Map.of("url", mastodon.url(), "token", token, "domain", DOMAIN));
        values.putAll(more);
        return new ConnectorSettings("space-1", "fedi", values);
    }

    private static Target target(String handle) {
        return new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("mastodon", handle), null,
                "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
