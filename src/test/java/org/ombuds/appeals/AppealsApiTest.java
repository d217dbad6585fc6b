package org.ombuds.appeals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.Cases;
import org.ombuds.intake.Intake;
import org.ombuds.support.Corrections;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The appeals API over HTTP: the appellant's side with the link's token and no account, the staff side with
 * tokens; errors as problem+json naming the field.
 */
class AppealsApiTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    CaseLetters caseLetters;
    @Autowired
    Appeals appeals;

    @Test
    void theAppellantFilesWithTheLinkAndTheReviewerOverturnsThroughTheApi() {
        String moderator = tokenFor("moderator");
        String handle = "email:" + unique("person") + "@example.net";
        var corrected = Corrections.decide(http(), intake, jdbc, caseLetters, moderator, handle);
        String link = "/api/v1/appeals/by-link/" + corrected.appealToken();

        var view = http().get(link);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("mayFile").asBoolean()).isTrue();
        assertThat(view.json().get("letter").asString()).contains("as a correction");

        var empty = http().postJson(link, Map.of("evidence", "only evidence"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).startsWith("application/problem+json");
        assertThat(empty.json().get("errors").get(0).get("field").asString()).isEqualTo("statement");

        accounts.add(unique("reviewer") + "@example.org", "Appeal Reviewer", "appeal-reviewer");
        var filed = http().postJson(link, Map.of("statement", "I was quoting a film."));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        String appealId = filed.json().get("id").asString();
        assertThat(filed.json().get("status").asString()).isEqualTo("in-review");
        assertThat(http().postJson(link, Map.of("statement", "Again.")).status()).isEqualTo(409);

        String admin = accounts.add(unique("admin") + "@example.org", "Admin", "admin").id();
        String reviewerId = appeals.detail(admin, appealId).summary().reviewerId();
        assertThat(accounts.require(reviewerId).role().id()).as("an appeal reviewer goes first").isEqualTo("appeal-reviewer");
        String reviewer = tokens.createForAccount(accounts.require(reviewerId).email(), null, "review").token();
        assertThat(http().get("/api/v1/appeals/" + appealId, Http.bearer(moderator)).status()).as("not the reviewer").isEqualTo(404);
        assertThat(http().get("/api/v1/appeals/" + appealId, Http.bearer(reviewer)).json().get("statement").asString())
                .isEqualTo("I was quoting a film.");
        assertThat(http().get("/api/v1/cases/" + corrected.caseId(), Http.bearer(reviewer)).status()).as("reads the case for the appeal").isEqualTo(200);
        String adminToken = tokens.createForAccount(accounts.require(admin).email(), null, "audit").token();
        var trail = http().get("/api/v1/audit?case=" + corrected.caseId() + "&account=" + reviewerId, Http.bearer(adminToken));
        assertThat(trail.status()).isEqualTo(200);
        List<String> reads = new java.util.ArrayList<>();
        trail.json().forEach(entry -> reads.add(entry.get("action").asString() + " " + entry.get("recordType").asString()));
        assertThat(reads).as("the reviewer's reads are on the audit trail").contains("read case");

        var noReasoning = http().postJson("/api/v1/appeals/" + appealId + "/outcome", Map.of("outcome", "overturned"), Http.bearer(reviewer));
        assertThat(noReasoning.status()).isEqualTo(400);
        assertThat(noReasoning.json().get("errors").get(0).get("field").asString()).isEqualTo("reasoning");
        var decided = http().postJson("/api/v1/appeals/" + appealId + "/outcome",
                Map.of("outcome", "overturned", "reasoning", "A quotation, not an insult."), Http.bearer(reviewer));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        assertThat(decided.json().get("summary").get("outcome").asString()).isEqualTo("overturned");

        var sanctions = http().get("/api/v1/sanctions?subject=" + handle, Http.bearer(moderator));
        assertThat(sanctions.json().get(0).get("status").asString()).isEqualTo("overturned");
        assertThat(http().get(link).json().get("appeal").get("outcome").asString()).isEqualTo("overturned");
        assertThat(http().get("/api/v1/cases/" + corrected.caseId(), Http.bearer(reviewer)).status()).as("access ended").isEqualTo(404);
    }

    @Test
    void anUnknownLinkIsNotFoundAndStaffEndpointsNeedAToken() {
        var unknown = http().get("/api/v1/appeals/by-link/oap_" + "A".repeat(43));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.body()).doesNotContain("Exception");
        assertThat(http().get("/api/v1/appeals").status()).isEqualTo(401);
        assertThat(http().postJson("/api/v1/appeals/x/reopen", Map.of(), Http.bearer(tokenFor("moderator"))).status()).isIn(403, 404);
    }
}
