package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.community.Communities;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/** Merging cases: only within one community, and never making one person two parties in the same role. */
class MergingCasesTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Communities communities;
    @Autowired
    Spaces spaces;

    /** A case in a community of its own, from a report made in that community's forum. */
    private String caseInAnotherCommunity() {
        String community = unique("elsewhere");
        communities.create(community, "Another project", null);
        String forum = unique("forum");
        spaces.add(forum, "forum", community, "Their forum");
        var filed = intake.submit(new NewReport("harassment", "In the other project's forum.", null, forum, null, null,
                List.of("github:" + unique("other")), null, true, false, null, null, null, false, "api"), List.of(), null);
        return CaseFixtures.caseOf(jdbc, filed.reportId());
    }

    private JsonNode detail(String token, String caseId) {
        return http().get("/api/v1/cases/" + caseId, Http.bearer(token)).json();
    }

    @Test
    void casesOfDifferentCommunitiesAreNotMergedAndTheProblemSaysWhy() {
        String admin = tokenFor("admin");
        String here = CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("here"));
        String there = caseInAnotherCommunity();
        assertThat(detail(admin, there).get("summary").get("id").asString()).isEqualTo(there);

        var refused = http().postJson("/api/v1/cases/" + here + "/merge", Map.of("from", there), Http.bearer(admin));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("different communities");
        // A merged case would be closed, pointing at the other, and its report would have moved.
        assertThat(detail(admin, there).get("summary").get("status").asString()).as("nothing moved").isEqualTo("new");
        assertThat(detail(admin, there).get("reports")).hasSize(1);
        assertThat(detail(admin, here).get("reports")).hasSize(1);
    }

    @Test
    void theCasePageSaysWhyCasesOfDifferentCommunitiesCannotBeMerged() {
        StaffSession moderator = signIn("moderator", "Page merger");
        String here = CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("here"));
        String there = caseInAnotherCommunity();
        String path = "/staff/cases/" + here;
        String name = jdbc.sql("SELECT code_name FROM case_file WHERE id = ?").param(there).query(String.class).single();
        var refused = moderator.post(path, path + "/merge", Map.of("from", name));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"error-merge-from\"").contains("these cases belong to different communities");
    }

    @Test
    void mergingCasesAboutTheSamePersonKeepsThemOnePartyInEachRole() {
        String admin = tokenFor("admin");
        String handle = "github:" + unique("same");
        String first = caseAboutConfirmed(handle);
        // A second case, opened by a report naming another handle, that the committee finds is about the same person.
        String second = CaseFixtures.caseAbout(intake, jdbc, "matrix:@" + unique("alt") + ":example.org");
        assertThat(second).isNotEqualTo(first);
        confirmSubject(admin, second, handle);
        String person = jdbc.sql("SELECT person_id FROM case_party WHERE case_id = ?").param(first).query(String.class).single();

        var merged = http().postJson("/api/v1/cases/" + first + "/merge", Map.of("from", second), Http.bearer(admin));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_party WHERE case_id = ? AND person_id = ? AND role = 'subject'").params(first, person)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(detail(admin, first).get("parties")).hasSize(1);
    }

    @Test
    void confirmingAPartyAgainKeepsOneParty() {
        String admin = tokenFor("admin");
        String handle = "github:" + unique("twice");
        String caseId = caseAboutConfirmed(handle);
        confirmSubject(admin, caseId, handle);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_party WHERE case_id = ?").param(caseId).query(Integer.class).single()).isEqualTo(1);
    }
}
