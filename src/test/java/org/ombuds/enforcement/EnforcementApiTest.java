package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The enforcement API: the connectors this instance has, a space's connector (read by staff with secrets hidden,
 * configured and tested by admins; a missing required setting is a 400 naming it), a sanction's state in each space
 * with retry and "done by hand", and the check-in CSV; with the status codes and problem+json of CONTRACT.md.
 */
class EnforcementApiTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Enforcement enforcement;

    private WebhookReceiver receiver;
    private String admin;

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
        admin = tokenFor("admin");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private String space(String kind) {
        String slug = unique(kind);
        assertThat(http().postJson("/api/v1/spaces", Map.of("slug", slug, "kind", kind), Http.bearer(admin)).status()).isEqualTo(201);
        return slug;
    }

    private Http.Response put(String path, Object body, String token) {
        return http().send(http().request(path, Http.bearer(token)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))).build());
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }

    @Test
    void theConnectorsAreListedWithTheirSettingsIdentityKindsAndCapabilities() {
        var types = http().get("/api/v1/enforcement/connectors", Http.bearer(tokenFor("moderator")));
        assertThat(types.status()).isEqualTo(200);
        List<String> ids = types.json().valueStream().map(type -> type.get("type").asString()).toList();
        assertThat(ids).contains("webhook", "irc", "mailman", "github", "discourse", "discord", "matrix");
        JsonNode webhook = types.json().valueStream().filter(type -> type.get("type").asString().equals("webhook")).findFirst().orElseThrow();
        assertThat(webhook.get("capabilities").valueStream().map(JsonNode::asString).toList()).containsExactly("NOTIFY");
        assertThat(webhook.get("identityKinds").valueStream().map(JsonNode::asString).toList()).contains("github", "email", "matrix");
        assertThat(webhook.get("settings").valueStream().map(setting -> setting.get("name").asString() + ":" + setting.get("secret").asBoolean()
                + ":" + setting.get("required").asBoolean()).toList()).containsExactly("url:false:true", "secret:true:true");
        assertThat(webhook.get("settings").get(0).get("description").asString()).isNotBlank();
    }

    @Test
    void adminsConfigureAndTestAConnectorStaffReadItWithTheSecretHidden() {
        String slug = space("chat");
        String path = "/api/v1/spaces/" + slug + "/connector";
        String moderator = tokenFor("moderator");
        assertProblem(http().get(path, Http.bearer(moderator)), 404);
        assertProblem(http().get("/api/v1/spaces/" + unique("nowhere") + "/connector", Http.bearer(moderator)), 404);

        Map<String, Object> configuration = Map.of("type", "webhook", "settings", Map.of("url", receiver.url(), "secret", WebhookReceiver.SECRET),
                "enabled", true);
        assertProblem(put(path, configuration, moderator), 403);
        assertProblem(put(path, configuration, tokenFor("appeal-reviewer")), 403);

        var missing = put(path, Map.of("type", "webhook", "settings", Map.of("url", receiver.url())), admin);
        assertProblem(missing, 400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("secret");
        assertThat(missing.json().get("detail").asString()).contains("needs 'secret'");
        var unknown = put(path, Map.of("type", "carrier-pigeon", "settings", Map.of()), admin);
        assertProblem(unknown, 400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("type");
        assertProblem(put("/api/v1/spaces/" + unique("nowhere") + "/connector", configuration, admin), 404);

        var configured = put(path, configuration, admin);
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.json().get("type").asString()).isEqualTo("webhook");
        assertThat(configured.json().get("enabled").asBoolean()).isTrue();
        assertThat(configured.json().get("settings").get("url").asString()).isEqualTo(receiver.url());
        assertThat(configured.json().get("settings").get("secret").asString()).isEqualTo("(set)");
        assertThat(configured.body()).doesNotContain(WebhookReceiver.SECRET.substring(6));
        var read = http().get(path, Http.bearer(tokenFor("appeal-reviewer")));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("settings").get("secret").asString()).isEqualTo("(set)");
        assertThat(read.body()).doesNotContain(WebhookReceiver.SECRET.substring(6));

        // The secret left out of a new configuration is kept: the receiver checks the signature with it.
        assertThat(put(path, Map.of("type", "webhook", "settings", Map.of("url", receiver.url())), admin).status()).isEqualTo(200);
        assertProblem(http().postJson(path + "/test", Map.of(), Http.bearer(moderator)), 403);
        var ok = http().postJson(path + "/test", Map.of(), Http.bearer(admin));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("ok").asBoolean()).isTrue();
        assertThat(ok.json().has("error")).isFalse();
        assertThat(receiver.accepted).hasSize(1);
        assertThat(http().get(path, Http.bearer(moderator)).json().get("checkedAt").asString()).endsWith("Z");

        assertThat(put(path, Map.of("type", "webhook", "settings", Map.of("url", WebhookReceiver.closedUrl()), "enabled", false), admin)
                .json().get("enabled").asBoolean()).isFalse();
        var down = http().postJson(path + "/test", Map.of(), Http.bearer(admin));
        assertThat(down.status()).isEqualTo(200);
        assertThat(down.json().get("ok").asBoolean()).isFalse();
        assertThat(down.json().get("error").asString()).startsWith("the receiver could not be reached");
        assertThat(http().get(path, Http.bearer(moderator)).json().get("checkError").asString()).startsWith("the receiver could not be reached");
        assertProblem(http().postJson("/api/v1/spaces/" + space("forum") + "/connector/test", Map.of(), Http.bearer(admin)), 404);
    }

    @Test
    void connectorAddressesMustBeHttpsOrPlainHttpToThisMachineOnly() {
        String slug = space("chat");
        String path = "/api/v1/spaces/" + slug + "/connector";
        for (String url : List.of("javascript:alert(1)", "data:text/html,hello", "file:///etc/passwd", "ftp://example.org/hook",
                "http://example.org/hook", "http://10.0.0.7/hook", "http://127.0.0.1.example.org/hook", "http://[::2]/hook", "hook",
                "https:///hook")) {
            var refused = put(path, Map.of("type", "webhook", "settings", Map.of("url", url, "secret", WebhookReceiver.SECRET)), admin);
            assertProblem(refused, 400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).as(url).isEqualTo("url");
            assertThat(refused.json().get("detail").asString()).as(url).contains("https://").contains("127.0.0.1");
        }
        assertThat(http().get(path, Http.bearer(admin)).status()).as("nothing was configured").isEqualTo(404);

        for (String url : List.of("https://hooks.example.org/ombuds", "HTTPS://hooks.example.org", "http://127.0.0.1:9/hook",
                "http://127.8.9.10/hook", "http://localhost:9/hook", "http://LOCALHOST/hook", "http://[::1]:9/hook")) {
            var accepted = put(path, Map.of("type", "webhook", "settings", Map.of("url", url, "secret", WebhookReceiver.SECRET)), admin);
            assertThat(accepted.status()).as(url + ": " + accepted.body()).isEqualTo(200);
        }

        // Every connector that speaks HTTP: its address setting follows the same rule.
        Map<String, Map<String, String>> others = Map.of(
                "github", Map.of("org", "example", "token", "ghp_x", "apiUrl", "http://github.example.org/api/v3"),
                "discourse", Map.of("url", "http://forum.example.org", "apiKey", "k", "apiUsername", "system"),
                "discord", Map.of("guildId", "123456789012345678", "botToken", "t", "apiUrl", "javascript:alert(1)"),
                "matrix", Map.of("homeserver", "http://matrix.example.org", "accessToken", "t", "policyRoom", "!policy:example.org"),
                "mailman", Map.of("url", "http://lists.example.org:8001/3.1", "user", "restadmin", "password", "p"));
        others.forEach((type, settings) -> {
            var refused = put(path, Map.of("type", type, "settings", settings), admin);
            assertProblem(refused, 400);
            String field = settings.containsKey("apiUrl") ? "apiUrl" : settings.containsKey("homeserver") ? "homeserver" : "url";
            assertThat(refused.json().get("errors").get(0).get("field").asString()).as(type).isEqualTo(field);
        });
    }

    @Test
    void aSanctionsStateInEachSpaceIsReadRetriedAndMarkedDoneByHand() {
        String chat = space("chat");
        String caseId = caseAboutConfirmed("github:" + unique("banned"));
        var decided = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "temporary-ban", "clauses", List.of("harassment"),
                "reasoning", "Threats.", "duration", "P14D", "spaces", List.of(chat), "interim", true), Http.bearer(admin));
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE case_id = ?").param(caseId).query(String.class).single();
        String moderator = tokenFor("moderator");

        var states = http().get("/api/v1/sanctions/" + sanctionId + "/enforcement", Http.bearer(moderator));
        assertThat(states.status()).isEqualTo(200);
        JsonNode state = states.json().get(0);
        assertThat(states.json().size()).isEqualTo(1);
        assertThat(state.get("spaceSlug").asString()).isEqualTo(chat);
        assertThat(state.get("operation").asString()).isEqualTo("apply");
        assertThat(state.get("status").asString()).isIn("pending", "manual");
        String taskId = state.get("taskId").asString();
        assertProblem(http().get("/api/v1/sanctions/" + unique("nothing") + "/enforcement", Http.bearer(moderator)), 404);
        assertProblem(http().get("/api/v1/sanctions/" + sanctionId + "/enforcement", Http.bearer(tokenFor("appeal-reviewer"))), 404);

        for (int round = 0; round < 20 && enforcement.deliverDue() > 0; round++) {
            // until nothing is due
        }
        assertThat(http().get("/api/v1/sanctions/" + sanctionId + "/enforcement", Http.bearer(moderator)).json().get(0).get("status").asString())
                .as("no connector in the chat").isEqualTo("manual");
        var retried = http().postJson("/api/v1/enforcement/tasks/" + taskId + "/retry", Map.of(), Http.bearer(moderator));
        assertThat(retried.status()).as(retried.body()).isEqualTo(204);
        assertProblem(http().postJson("/api/v1/enforcement/tasks/" + unique("task") + "/retry", Map.of(), Http.bearer(moderator)), 404);
        var byHand = http().postJson("/api/v1/enforcement/tasks/" + taskId + "/by-hand", Map.of(), Http.bearer(moderator));
        assertThat(byHand.status()).as(byHand.body()).isEqualTo(204);
        assertThat(http().get("/api/v1/sanctions/" + sanctionId + "/enforcement", Http.bearer(moderator)).json().get(0).get("status").asString())
                .isEqualTo("by-hand");
        var again = http().postJson("/api/v1/enforcement/tasks/" + taskId + "/by-hand", Map.of(), Http.bearer(moderator));
        assertProblem(again, 409);
        assertProblem(http().postJson("/api/v1/enforcement/tasks/" + taskId + "/retry", Map.of(), Http.bearer(moderator)), 409);
    }

    @Test
    void theCheckInListIsCsvForADate() {
        String summit = space("event");
        String handle = "github:" + unique("banned");
        String caseId = caseAboutConfirmed(handle);
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "permanent-ban", "clauses", List.of("harassment"),
                "reasoning", "Violence.", "spaces", List.of(summit), "interim", true), Http.bearer(admin)).status()).isEqualTo(201);
        String path = "/api/v1/spaces/" + summit + "/check-in";
        String moderator = tokenFor("moderator");
        LocalDate today = LocalDate.now();

        var csv = http().get(path + "?date=" + today.plusYears(5), Http.bearer(moderator));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains(".csv");
        assertThat(csv.body()).startsWith("\"handles\",\"until\",\"sanction\"\r\n").contains("\"" + handle + "\",\"no end\",");
        assertThat(http().get(path, Http.bearer(moderator)).body()).as("today, by default").contains(handle);
        assertThat(http().get(path + "?date=" + today.minusDays(1), Http.bearer(moderator)).body()).isEqualTo("\"handles\",\"until\",\"sanction\"\r\n");
        var bad = http().get(path + "?date=31.12.2027", Http.bearer(moderator));
        assertProblem(bad, 400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("date");
        assertProblem(http().get("/api/v1/spaces/" + unique("nowhere") + "/check-in", Http.bearer(moderator)), 404);
        assertThat(http().get(path).status()).isEqualTo(401);
    }
}
