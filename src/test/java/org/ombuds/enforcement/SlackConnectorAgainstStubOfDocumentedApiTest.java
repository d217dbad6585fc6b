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
import org.ombuds.enforcement.internal.SlackConnector;
import org.ombuds.sanctions.Decisions;
import tools.jackson.databind.JsonNode;

/**
 * The Slack connector against a stub of Slack's documented SCIM API 2.0 (https://docs.slack.dev/reference/scim-api):
 * {@code Authorization: Bearer} with a token that has the {@code admin} scope; {@code GET /scim/v2/Users} (a SCIM
 * ListResponse), {@code GET /scim/v2/Users/{id}} ({@code active}), {@code DELETE /scim/v2/Users/{id}} (deactivates;
 * the user stays, {@code active} false), {@code PATCH /scim/v2/Users/{id}} with a PatchOp; errors as Slack writes them,
 * {@code {"Errors":{"description":…,"code":…}}}; rate limits as 429 with {@code Retry-After}. A workspace whose plan has
 * no SCIM (only Business+ and Enterprise have it) is played by refusing every SCIM request with 403. Slack itself
 * cannot run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class SlackConnectorAgainstStubOfDocumentedApiTest {
    private static final String TOKEN = "xoxp-1234-5678-scim-admin-token";
    private static final String ADA = "U012ABCDEF";
    private static final String BOB = "U0BOB45678";
    private final Map<String, Boolean> active = new ConcurrentHashMap<>(Map.of(ADA, true, BOB, true));
    private volatile boolean scimPlan = true;
    private final SlackConnector connector = new SlackConnector();
    private DocumentedApiStub slack;

    @BeforeEach
    void startStub() throws IOException {
        slack = DocumentedApiStub.start()
                .guard(call -> {
                    if (!("Bearer " + TOKEN).equals(call.header("Authorization"))) return error(401, "invalid_authentication");
                    if (!scimPlan) return error(403, "scim_not_enabled_for_team");
                    return null;
                })
                .unknown(call -> error(404, "bad_endpoint"))
                .on("GET", "/scim/v2/Users", (call, values) -> Reply.json(200, Map.of(
                        "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:ListResponse"), "totalResults", active.size(),
                        "itemsPerPage", 1, "startIndex", 1, "Resources", List.of(user(ADA)))))
                .on("GET", "/scim/v2/Users/{id}", (call, values) -> active.containsKey(values.get(0)) ? Reply.json(200, user(values.get(0)))
                        : notFound())
                .on("DELETE", "/scim/v2/Users/{id}", (call, values) -> {
                    if (!active.containsKey(values.get(0))) return notFound();
                    active.put(values.get(0), false);
                    return Reply.empty(204);
                })
                .on("PATCH", "/scim/v2/Users/{id}", (call, values) -> {
                    if (!active.containsKey(values.get(0))) return notFound();
                    JsonNode body = call.json();
                    JsonNode operation = body.path("Operations").path(0);
                    if (!body.path("schemas").path(0).asString("").equals("urn:ietf:params:scim:api:messages:2.0:PatchOp")
                            || !operation.path("op").asString("").equalsIgnoreCase("replace") || !operation.path("path").asString("").equals("active")
                            || !operation.path("value").isBoolean()) {
                        return error(400, "invalid_syntax");
                    }
                    active.put(values.get(0), operation.path("value").asBoolean());
                    return Reply.json(200, user(values.get(0)));
                });
    }

    @AfterEach
    void stopStub() {
        slack.close();
    }

    @Test
    void applyDeactivatesTheMemberByItsUpperCaseIdAndAppliedSaysSo() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA));

        assertThat(active.get(ADA)).isFalse();
        assertThat(active.get(BOB)).isTrue();
        assertThat(slack.calls()).extracting(call -> call.method() + " " + call.rawPath())
                .containsExactly("GET /scim/v2/Users/" + ADA, "DELETE /scim/v2/Users/" + ADA);
        assertThat(slack.calls()).allSatisfy(call -> assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(connector.applied(settings(TOKEN), target(ADA))).contains(true);
        assertThat(connector.applied(settings(TOKEN), target(BOB))).contains(false);
    }

    @Test
    void applyingTwiceDeactivatesOnce() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA));
        connector.apply(settings(TOKEN), target(ADA));

        assertThat(slack.calls()).filteredOn(call -> call.method().equals("DELETE")).hasSize(1);
        assertThat(active.get(ADA)).isFalse();
    }

    @Test
    void liftReactivatesWithTheDocumentedPatchAndLiftingAgainWritesNothing() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA));
        connector.lift(settings(TOKEN), target(ADA));

        assertThat(active.get(ADA)).isTrue();
        Call patch = slack.calls().stream().filter(call -> call.method().equals("PATCH")).findFirst().orElseThrow();
        assertThat(patch.rawPath()).isEqualTo("/scim/v2/Users/" + ADA);
        assertThat(patch.json()).isEqualTo(DocumentedApiStub.JSON.readTree("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":true}]}"""));
        assertThat(connector.applied(settings(TOKEN), target(ADA))).contains(false);

        slack.forgetCalls();
        connector.lift(settings(TOKEN), target(ADA));
        connector.lift(settings(TOKEN), target("U0NOBODY00"));
        assertThat(slack.calls()).allMatch(call -> call.method().equals("GET"));
    }

    @Test
    void anUnknownMemberCannotBeDeactivatedAndIsNotBanned() throws PeerException {
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("U0NOBODY00")))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no member").doesNotContainIgnoringCase("U0NOBODY00");
                });
        assertThat(connector.applied(settings(TOKEN), target("U0NOBODY00"))).contains(false);
        assertThat(slack.calls()).noneMatch(call -> call.method().equals("DELETE"));
    }

    @Test
    void aWrongTokenIsRefusedForGoodWithoutShowingIt() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("xoxp-wrong-token"), target(ADA)),
                () -> connector.lift(settings("xoxp-wrong-token"), target(ADA)),
                () -> connector.applied(settings("xoxp-wrong-token"), target(ADA)),
                () -> connector.test(settings("xoxp-wrong-token")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "invalid_authentication", "refused the token")
                        .doesNotContain("xoxp-wrong-token").doesNotContainIgnoringCase(ADA);
            });
        }
        assertThat(active.get(ADA)).isTrue();
    }

    @Test
    void unavailableAndRateLimitedAreRetryable() {
        slack.failNext(new Reply(503, "<html><body>Service Unavailable</body></html>", Map.of("Content-Type", "text/html")));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503").doesNotContain("<html>");
                });
        slack.failNext(error(429, "rate_limited").with("Retry-After", "20"));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "rate_limited", "20 s");
                });
        assertThat(active.get(ADA)).isTrue();
    }

    @Test
    void aWorkspaceWithoutScimGetsTheStepsToDeactivateAndReactivateByHand() throws PeerException {
        scimPlan = false;

        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "no Slack SCIM API", "Business+", "Manage members", "Deactivate account",
                                    "https://slack.com/help/articles/204475027", "mark it done by hand")
                            .doesNotContainIgnoringCase(ADA).doesNotContain(TOKEN)
                            .hasSizeLessThanOrEqualTo(500); // what Enforcement keeps of a failure: the steps must come whole
                });
        assertThatThrownBy(() -> connector.lift(settings(TOKEN), target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no Slack SCIM API", "Manage members", "Deactivated", "Activate account",
                            "mark it done by hand").hasSizeLessThanOrEqualTo(500);
                });
        assertThat(connector.applied(settings(TOKEN), target(ADA))).isEmpty();
        assertThatThrownBy(() -> connector.test(settings(TOKEN)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage())
                        .contains("403", "scim_not_enabled_for_team", "Business+", "set scim to off"));
        assertThat(slack.calls()).noneMatch(call -> call.method().equals("DELETE") || call.method().equals("PATCH"));
    }

    @Test
    void withScimOffNothingIsSentAndTheStepsAreGiven() throws PeerException {
        ConnectorSettings off = new ConnectorSettings("space-1", "workspace", Map.of("scim", "off"));

        assertThatThrownBy(() -> connector.apply(off, target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("SCIM is off", "Manage members", "Deactivate account").hasSizeLessThanOrEqualTo(500);
                });
        assertThatThrownBy(() -> connector.lift(off, target(ADA)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("Activate account"));
        assertThat(connector.applied(off, target(ADA))).isEmpty();
        connector.test(off);
        assertThat(slack.calls()).isEmpty();
        assertThatThrownBy(() -> connector.apply(new ConnectorSettings("space-1", "workspace", Map.of("scim", "maybe")), target(ADA)))
                .isInstanceOf(PeerException.class).hasMessageContaining("on or off");
    }

    @Test
    void testConnectionListsOneMember() throws PeerException {
        connector.test(settings(TOKEN));

        assertThat(slack.calls()).extracting(call -> call.rawPath() + "?" + call.rawQuery()).containsExactly("/scim/v2/Users?startIndex=1&count=1");
    }

    @Test
    void theConnectorDescribesItself() {
        assertThat(connector.type()).isEqualTo("slack");
        assertThat(connector.identityKinds()).containsExactly("slack");
        assertThat(connector.capabilities()).containsExactly(Connector.Capability.BAN);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("token", "scim", "scimUrl");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("token");
        assertThat(connector.settings()).filteredOn(Connector.Setting::address).extracting(Connector.Setting::name).containsExactly("scimUrl");
    }

    private Map<String, Object> user(String id) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"));
        user.put("id", id);
        user.put("userName", id.equals(ADA) ? "ada" : "bob");
        user.put("active", active.get(id));
        return user;
    }

    private static Reply error(int status, String description) {
        return Reply.json(status, Map.of("Errors", Map.of("description", description, "code", status)));
    }

    private static Reply notFound() {
        return error(404, "user_not_found");
    }

    private ConnectorSettings settings(String token) {
        return new ConnectorSettings("space-1", "workspace", Map.of("scimUrl", slack.url() + "/scim/v2/", "token", token));
    }

    private static Target target(String memberId) {
        return new Target("sanction-1", Decisions.PERMANENT_BAN, new IdentityHandle("slack", memberId), null, "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
