package org.ombuds.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The admins' workflow (draft, review by another admin, publish) over real HTTP, and what anyone then reads: the JSON
 * of the contract with "<3" and withheld totals, 400 for a malformed period, 404 for one not published, the stored
 * snapshot unchanged by a late report, and a period of another length overlapping a published one refused. Each test
 * works in a year of its own, far in the past, so the reports other tests file do not count.
 */
class TransparencyWorkflowTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aReviewedDraftIsPublishedWithSmallCountsSuppressedAndNeverChangesAfterwards() {
        StaffSession drafter = signIn("admin", "Drafting Admin");
        StaffSession reviewer = signIn("admin", "Reviewing Admin");
        for (int i = 0; i < 4; i++) fileIn(Instant.parse("2011-02-1" + i + "T10:00:00Z"), i + 1);
        fileIn(Instant.parse("2011-05-02T10:00:00Z"), 30);

        var drafted = drafter.post("/staff/transparency", "/staff/transparency", "period", "2011-H1");
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(302);
        String page = drafted.header("Location").substring(drafted.header("Location").indexOf("/staff/transparency/"));
        assertThat(drafter.get(page).body()).contains("What would be published").contains("&lt;3");

        var ownReview = drafter.post(page, page + "/review", "note", "checked it myself");
        assertThat(ownReview.status()).isEqualTo(409);
        assertThat(ownReview.body()).contains("another admin must review this draft");
        assertThat(drafter.post(page, page + "/publish").status()).as("a draft is reviewed before it is published").isEqualTo(409);
        assertThat(reviewer.post(page, page + "/review", "note", "Figures match the queue.").status()).isEqualTo(302);
        assertThat(drafter.post(page, page + "/publish").status()).isEqualTo(302);

        var json = http().get("/api/v1/transparency?period=2011-H1");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().get("period").asString()).isEqualTo("2011-H1");
        assertThat(json.json().get("reportsByCategory").get("harassment").asInt()).isEqualTo(5);
        assertThat(json.json().get("reportsByCategory").get("discrimination").asString()).isEqualTo("<3");
        assertThat(json.json().get("reportsReceived").asString()).as("the margin of a table with a suppressed cell").isEqualTo("withheld");
        assertThat(json.json().get("casesOpened").asInt()).isEqualTo(5);
        assertThat(json.json().get("decisionsByAction").get("correction").asString()).isEqualTo("<3");
        assertThat(json.json().get("medianHoursToAcknowledge").asDouble()).isEqualTo(3.0);
        assertThat(json.json().get("medianHoursToDecide").asString()).isEqualTo("withheld");
        assertThat(http().get("/api/v1/transparency").json().get("periods").toString()).contains("2011-H1");
        var html = http().get("/transparency/2011-H1");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("Transparency report 2011-H1").contains("&lt;3").contains("withheld");
        assertThat(http().get("/transparency", "Accept-Language", "de").body()).contains("Transparenzberichte").contains("<svg")
                .contains("2011-H1");

        fileIn(Instant.parse("2011-03-01T10:00:00Z"), 1);
        assertThat(http().get("/api/v1/transparency?period=2011-H1").json().get("reportsByCategory").get("harassment").asInt())
                .as("the published snapshot").isEqualTo(5);
        assertThat(drafter.post("/staff/transparency", "/staff/transparency", "period", "2011-H1").status())
                .as("a published period is not drafted again").isEqualTo(409);
        var overlapping = drafter.post("/staff/transparency", "/staff/transparency", "period", "2011-Q2");
        assertThat(overlapping.status()).isEqualTo(409);
        assertThat(overlapping.body()).contains("overlaps the published 2011-H1").contains("href=\"#period\"")
                .as("the refused period is marked and kept")
                .containsPattern("<input id=\"period\" name=\"period\"[^>]*value=\"2011-Q2\"[^>]*aria-invalid=\"true\"");
        assertThat(drafter.post("/staff/transparency", "/staff/transparency", "period", "2011-H2").status())
                .as("the same cadence continues").isEqualTo(302);
        List<String> audited = jdbc.sql("SELECT action FROM audit_entry WHERE record_type = 'transparency-report' AND record_id = ? ORDER BY seq")
                .param(page.substring(page.lastIndexOf('/') + 1)).query(String.class).list();
        assertThat(audited).contains("create", "review", "publish");
    }

    @Test
    void anyoneReadsPublishedFiguresButOnlyAdminsHandleReports() {
        var malformed = http().get("/api/v1/transparency?period=2012-H3");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.json().get("detail").asString()).contains("half-year (2025-H1)");
        var missing = http().get("/api/v1/transparency?period=2012-H1");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(http().get("/transparency/2012-H1").status()).isEqualTo(404);

        StaffSession moderator = signIn("moderator", "Curious Moderator");
        assertThat(moderator.get("/staff/transparency").status()).isEqualTo(403);
        StaffSession admin = signIn("admin", "Another Admin");
        assertThat(moderator.post("/staff", "/staff/transparency", "period", "2012-H1").status()).isEqualTo(403);
        var future = admin.post("/staff/transparency", "/staff/transparency", "period", "2999-Q1");
        assertThat(future.status()).isEqualTo(409);
        assertThat(future.body()).contains("has not ended yet");
    }

    /** A report received at this time, its case acknowledged so many hours later. */
    private void fileIn(Instant at, int hoursToAcknowledge) {
        String reportId = CaseFixtures.report(intake, "Transparency test.", List.of("github:" + unique("tr")), null).reportId();
        String caseId = CaseFixtures.caseOf(jdbc, reportId);
        jdbc.sql("UPDATE report SET received_at = ? WHERE id = ?").params(at.toEpochMilli(), reportId).update();
        jdbc.sql("UPDATE case_file SET opened_at = ?, acknowledged_at = ? WHERE id = ?")
                .params(at.toEpochMilli(), at.toEpochMilli() + hoursToAcknowledge * 3_600_000L, caseId).update();
    }
}
