package org.ombuds.enforcement;

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

/** GET /api/v1/enforcement/check as a space calls it (CONTRACT.md): by any of the person's handles, in the spaces the ban covers. */
class BanCheckApiTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aSpaceLearnsThatAnIdentityIsBannedThereUntilWhen() {
        String admin = tokenFor("admin");
        String chat = unique("chat");
        String forum = unique("forum");
        http().postJson("/api/v1/spaces", Map.of("slug", chat, "kind", "chat"), Http.bearer(admin));
        http().postJson("/api/v1/spaces", Map.of("slug", forum, "kind", "forum"), Http.bearer(admin));
        String chatToken = http().postJson("/api/v1/spaces/" + chat + "/tokens", Map.of(), Http.bearer(admin)).json().get("token").asString();
        String forumToken = http().postJson("/api/v1/spaces/" + forum + "/tokens", Map.of(), Http.bearer(admin)).json().get("token").asString();
        String github = unique("troll");
        String email = github + "@example.net";
        String caseId = CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "Spam and threats.", List.of("github:" + github, "email:" + email), null)
                .reportId());
        confirmSubject(admin, caseId, "github:" + github, "email:" + email);
        var decided = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "temporary-ban", "clauses", List.of("harassment"),
                "reasoning", "Threats.", "duration", "P14D", "spaces", List.of(chat), "interim", true), Http.bearer(admin));
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);

        var byGithub = http().get("/api/v1/enforcement/check?space=" + chat + "&identity=github:" + github.toUpperCase(), Http.bearer(chatToken));
        assertThat(byGithub.status()).isEqualTo(200);
        assertThat(byGithub.json().get("banned").asBoolean()).isTrue();
        assertThat(byGithub.json().get("until").asString()).endsWith("Z");
        assertThat(byGithub.json().get("sanction").asString()).isNotBlank();
        assertThat(http().get("/api/v1/enforcement/check?space=" + chat + "&identity=email:" + email, Http.bearer(chatToken))
                .json().get("banned").asBoolean()).as("any of the person's handles").isTrue();
        var elsewhere = http().get("/api/v1/enforcement/check?space=" + forum + "&identity=github:" + github, Http.bearer(forumToken));
        assertThat(elsewhere.json().get("banned").asBoolean()).as("a space the ban does not cover").isFalse();
        assertThat(elsewhere.json().has("until")).isFalse();
        assertThat(http().get("/api/v1/enforcement/check?space=" + chat + "&identity=github:" + unique("someone"), Http.bearer(chatToken))
                .json().get("banned").asBoolean()).isFalse();
        var malformed = http().get("/api/v1/enforcement/check?space=" + chat + "&identity=nonsense", Http.bearer(chatToken));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aStaffMemberWhoMayNotSeeTheCaseLearnsNothingThatLeadsToIt() {
        String admin = tokenFor("admin");
        String chat = unique("chat");
        http().postJson("/api/v1/spaces", Map.of("slug", chat, "kind", "chat"), Http.bearer(admin));
        String chatToken = http().postJson("/api/v1/spaces/" + chat + "/tokens", Map.of(), Http.bearer(admin)).json().get("token").asString();
        String handle = "github:" + unique("banned");
        String caseId = CaseFixtures.caseAbout(intake, jdbc, handle);
        confirmSubject(admin, caseId, handle);
        var decided = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "temporary-ban", "clauses", List.of("harassment"),
                "reasoning", "Threats.", "duration", "P14D", "spaces", List.of(chat), "interim", true), Http.bearer(admin));
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE case_id = ?").param(caseId).query(String.class).single();
        String recusedEmail = unique("recused") + "@example.org";
        accounts.add(recusedEmail, "Recused Moderator", "moderator");
        String recused = tokens.createForAccount(recusedEmail, null, "test").token();
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/recusals", Map.of("email", recusedEmail, "reason", "a friend of the reported person"),
                Http.bearer(admin)).status())
                .isEqualTo(201);
        String check = "/api/v1/enforcement/check?space=" + chat + "&identity=" + handle;

        var forRecused = http().get(check, Http.bearer(recused));
        assertThat(forRecused.status()).isEqualTo(200);
        assertThat(forRecused.json().get("banned").asBoolean()).isTrue();
        assertThat(forRecused.json().has("sanction")).as("the sanction id leads to the case").isFalse();
        assertThat(forRecused.body()).doesNotContain(sanctionId).doesNotContain(caseId);

        var forCommittee = http().get(check, Http.bearer(tokenFor("moderator")));
        assertThat(forCommittee.json().get("sanction").asString()).as("a moderator who may see the case").isEqualTo(sanctionId);
        assertThat(http().get(check, Http.bearer(admin)).json().get("sanction").asString()).isEqualTo(sanctionId);
        var forSpace = http().get(check, Http.bearer(chatToken));
        assertThat(forSpace.json().get("sanction").asString()).as("the space's token keeps the contract's answer").isEqualTo(sanctionId);
        assertThat(forSpace.json().get("banned").asBoolean()).isTrue();
    }
}
