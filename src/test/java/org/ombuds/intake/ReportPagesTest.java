package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The report form and the receipt pages as plain HTTP: what they tell the reporter, the honeypot that catches
 * naive bots, and what a receipt shows once the retention policy has purged its report.
 */
class ReportPagesTest extends WebTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Intake intake;

    @Test
    void theFormShowsTheCodesCategoriesAndSaysWhoReadsTheReport() {
        var page = http().get("/report");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<option value=\"doxing-privacy\">Doxing and Privacy Violations</option>")
                .contains("Sharing private information of others without their explicit consent.")
                .contains("Who will read this").contains("Only the members of the conduct committee")
                .contains("enctype=\"multipart/form-data\"").doesNotContainPattern(OTHER_SCRIPT);
    }

    @Test
    void aFilledHoneypotIsRefusedAndNothingIsStored() {
        Http browser = http();
        String csrf = Http.csrf(browser.get("/report").body());
        int before = jdbc.sql("SELECT COUNT(*) FROM report").query(Integer.class).single();
        var response = browser.postForm("/report", Map.of("_csrf", csrf, "category", "harassment",
                "description", "buy cheap watches", "website", "http://spam.example"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("this field must stay empty").contains("buy cheap watches");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report").query(Integer.class).single()).isEqualTo(before);
    }

    @Test
    void theReceiptIsShownOnlyInTheAnswerToTheReportNeverInAUrlOrALaterPage() {
        Http browser = http();
        String csrf = Http.csrf(browser.get("/report").body());
        var sent = browser.postForm("/report", Map.of("_csrf", csrf, "category", "harassment", "description", "in a URL?"));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.header("Cache-Control")).contains("no-store");
        assertThat(sent.body()).containsPattern("id=\"receipt\">[0-9A-Z]{5}(-[0-9A-Z]{5}){4}<").contains("Your report is stored")
                .doesNotContain("lang=en\"").doesNotContainPattern(OTHER_SCRIPT);
        assertThat(browser.get("/report/received").header("Location")).as("no later page has it").endsWith("/receipt");
        assertThat(http().get("/receipt").body()).contains("method=\"post\"");
    }

    @Test
    void aPurgedReportsReceiptSaysSoAndTheConversationIsClosed() {
        var accepted = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "Purged later.", "anonymous", true));
        String receipt = accepted.json().get("receipt").asString();
        String reportId = jdbc.sql("SELECT id FROM report ORDER BY received_at DESC, id DESC LIMIT 1").query(String.class).single();
        assertThat(http().postJson("/api/v1/receipts/" + receipt + "/messages", Map.of("body", "Before the purge.")).status()).isEqualTo(201);
        intake.purge(java.util.List.of(reportId));

        Http browser = http();
        String csrf = Http.csrf(browser.get("/receipt").body());
        var page = browser.postForm("/receipt", Map.of("_csrf", csrf, "receipt", receipt));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("were deleted on").contains("please send a new report")
                .doesNotContain("Before the purge.").doesNotContain("/receipt/messages");
        var refused = browser.postForm("/receipt/messages", Map.of("_csrf", csrf, "receipt", receipt, "body", "Hello?"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("the conversation is closed").doesNotContain("Your message was sent");

        var api = http().get("/api/v1/receipts/" + receipt).json();
        assertThat(api.get("purgedAt").isNull()).isFalse();
        assertThat(api.get("messages").size()).isZero();
        var conflict = http().postJson("/api/v1/receipts/" + receipt + "/messages", Map.of("body", "Hello?"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).contains("retention policy");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_message WHERE report_id = ?").param(reportId).query(Integer.class).single()).isZero();
    }
}
