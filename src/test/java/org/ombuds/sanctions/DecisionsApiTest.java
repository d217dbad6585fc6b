package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** POST /api/v1/cases/{id}/decisions and GET /api/v1/sanctions as in CONTRACT.md. */
class DecisionsApiTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    private String caseAbout(String handle) {
        return caseAboutConfirmed(handle);
    }

    @Test
    void aDecisionAnswersWithItsIdAndStatusAndItsSanctionIsListed() {
        String moderator = tokenFor("moderator");
        String handle = "github:" + unique("subject");
        String caseId = caseAbout(handle);
        var created = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "correction",
                "clauses", List.of("unprofessional-conduct"), "reasoning", "Off-topic insults in review comments; a first occurrence."),
                Http.bearer(moderator));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("in-effect");
        String decisionId = created.json().get("id").asString();

        var sanctions = http().get("/api/v1/sanctions?subject=" + handle + "&active=true", Http.bearer(moderator));
        assertThat(sanctions.status()).isEqualTo(200);
        assertThat(sanctions.json()).hasSize(1);
        assertThat(sanctions.json().get(0).get("action").asString()).isEqualTo("correction");
        assertThat(sanctions.json().get(0).get("status").asString()).isEqualTo("in-effect");
        assertThat(sanctions.json().get(0).get("decisionId").asString()).isEqualTo(decisionId);
        assertThat(sanctions.json().get(0).has("until")).isFalse();

        var decisions = http().get("/api/v1/cases/" + caseId + "/decisions", Http.bearer(moderator));
        assertThat(decisions.json().get(0).get("reasoning").asString()).startsWith("Off-topic insults");
    }

    @Test
    void aDecisionWithoutReasoningOrClausesIsRefusedNamingTheField() {
        String moderator = tokenFor("moderator");
        String caseId = caseAbout("github:" + unique("subject"));
        var noReasoning = http().postJson("/api/v1/cases/" + caseId + "/decisions",
                Map.of("action", "correction", "clauses", List.of("harassment")), Http.bearer(moderator));
        assertThat(noReasoning.status()).isEqualTo(400);
        assertThat(noReasoning.contentType()).startsWith("application/problem+json");
        assertThat(noReasoning.json().get("errors").get(0).get("field").asString()).isEqualTo("reasoning");
        assertThat(noReasoning.json().get("detail").asString()).contains("reasoning is required");
        var noClauses = http().postJson("/api/v1/cases/" + caseId + "/decisions",
                Map.of("action", "correction", "reasoning", "Because."), Http.bearer(moderator));
        assertThat(noClauses.status()).isEqualTo(400);
        assertThat(noClauses.json().get("errors").get(0).get("field").asString()).isEqualTo("clauses");
    }

    @Test
    void recusedMembersAndAppealReviewersCannotDecideAndSanctionsOfHiddenCasesAreNotListed() {
        String admin = tokenFor("admin");
        String email = unique("recused") + "@example.org";
        accounts.add(email, "Recused", "moderator");
        String recused = tokens.createForAccount(email, null, "t").token();
        String handle = "github:" + unique("subject");
        String caseId = caseAbout(handle);
        http().postJson("/api/v1/cases/" + caseId + "/recusals", Map.of("email", email, "reason", "a friend of the reported person"),
                Http.bearer(admin));
        Map<String, Object> decision = Map.of("action", "correction", "clauses", List.of("harassment"), "reasoning", "Because.");
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/decisions", decision, Http.bearer(recused)).status()).isEqualTo(404);
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/decisions", decision, Http.bearer(tokenFor("appeal-reviewer"))).status())
                .isIn(403, 404);
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/decisions", decision, Http.bearer(admin)).status()).isEqualTo(201);
        assertThat(http().get("/api/v1/sanctions?subject=" + handle, Http.bearer(admin)).json()).hasSize(1);
        assertThat(http().get("/api/v1/sanctions?subject=" + handle, Http.bearer(recused)).json()).isEmpty();
    }
}
