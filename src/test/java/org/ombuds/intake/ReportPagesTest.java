package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The report form as plain HTTP: what it tells the reporter, and the honeypot that catches naive bots. */
class ReportPagesTest extends WebTest {
    @Autowired
    JdbcClient jdbc;

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
    void theReceiptNeverTravelsInAUrl() {
        Http browser = http();
        String csrf = Http.csrf(browser.get("/report").body());
        var sent = browser.postForm("/report", Map.of("_csrf", csrf, "category", "harassment", "description", "in a URL?"));
        assertThat(sent.status()).isEqualTo(302);
        assertThat(sent.header("Location")).endsWith("/report/received");
        var received = browser.get("/report/received");
        assertThat(received.body()).containsPattern("id=\"receipt\">[0-9A-Z]{5}(-[0-9A-Z]{5}){4}<");
        assertThat(browser.get("/report/received").header("Location")).as("shown once").endsWith("/receipt");
        assertThat(http().get("/receipt").body()).contains("method=\"post\"");
    }
}
