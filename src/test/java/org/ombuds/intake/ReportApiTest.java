package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.TestDatabases;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** POST /api/v1/reports and the receipt channel, as in CONTRACT.md. */
class ReportApiTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    private static Map<String, Object> report(Object... extra) {
        Map<String, Object> body = new HashMap<>(Map.of("category", "harassment", "description", "Repeated insults in #general.",
                "anonymous", true));
        for (int i = 0; i + 1 < extra.length; i += 2) body.put((String) extra[i], extra[i + 1]);
        return body;
    }

    @Test
    void anAnonymousReportGetsAReceiptAndAChannelToTheCommittee() {
        var accepted = http().postJson("/api/v1/reports", report("occurredAt", "2026-11-20T18:30:00Z",
                "reported", Map.of("name", "Sam Troll", "handles", List.of("github:samtroll", "matrix:@sam:example.org"))));
        assertThat(accepted.status()).isEqualTo(201);
        String receipt = accepted.json().get("receipt").asString();
        assertThat(receipt).matches("[0-9A-Z]{5}(-[0-9A-Z]{5}){4}");
        assertThat(accepted.json().get("statusUrl").asString()).isEqualTo("https://ombuds.example.org/api/v1/receipts/" + receipt);

        var status = http().get("/api/v1/receipts/" + receipt).json();
        assertThat(status.get("status").asString()).isEqualTo("received");
        assertThat(status.get("messages").size()).isZero();

        assertThat(http().postJson("/api/v1/receipts/" + receipt + "/messages", Map.of("body", "It happened again today.")).status())
                .isEqualTo(201);
        String reportId = jdbc.sql("SELECT id FROM report ORDER BY received_at DESC LIMIT 1").query(String.class).single();
        intake.messageReporter(reportId, null, "Thank you; we are looking into it.");

        var messages = http().get("/api/v1/receipts/" + receipt.toLowerCase().replace("-", "%20")).json().get("messages");
        assertThat(messages.valueStream().map(m -> m.get("from").asString() + ": " + m.get("body").asString()))
                .containsExactly("reporter: It happened again today.", "committee: Thank you; we are looking into it.");
    }

    @Test
    void theCommitteeCanReadWhatTheReporterWrote() {
        var accepted = http().postJson("/api/v1/reports", Map.of("category", "doxing-privacy", "description", "Posted my address.",
                "anonymous", false, "reporter", Map.of("name", "Ada", "email", "ada@example.org"), "witness", false,
                "reported", Map.of("handles", List.of("discord:123456789012345678"))));
        assertThat(accepted.status()).isEqualTo(201);
        String reportId = jdbc.sql("SELECT id FROM report WHERE category = 'doxing-privacy' ORDER BY received_at DESC LIMIT 1")
                .query(String.class).single();
        ReportContent content = intake.content(reportId);
        assertThat(content.description()).isEqualTo("Posted my address.");
        assertThat(content.reporterEmail()).isEqualTo("ada@example.org");
        assertThat(content.reportedHandles()).containsExactly("discord:123456789012345678");
        // What the report names is a claim the committee may confirm: kept as a fingerprint, linked to nobody.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_claim WHERE report_id = ? AND role = 'subject'").param(reportId)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_claim WHERE report_id = ? AND role = 'reporter'").param(reportId)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT reported_person_id FROM report WHERE id = ?").param(reportId).query(String.class).list()).containsOnlyNulls();
    }

    @Test
    void badInputGetsAProblemNamingTheField() {
        Map<String, Map<String, Object>> cases = Map.of(
                "category", report("category", "rudeness"),
                "description", report("description", " "),
                "reported.handles", report("reported", Map.of("handles", List.of("octocat"))),
                "occurredAt", report("occurredAt", "2999-01-01"),
                "reporter", report("reporter", Map.of("name", "Me")),
                "reporter.email", report("anonymous", false, "reporter", Map.of("email", "not-an-address")),
                "space", report("space", "no-such-space"));
        cases.forEach((field, body) -> {
            var response = http().postJson("/api/v1/reports", body);
            assertThat(response.status()).as(field).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString()).as(field).isEqualTo(field);
        });
        var tooLong = http().postJson("/api/v1/reports", report("description", "x".repeat(Intake.MAX_DESCRIPTION + 1)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("description");
        var noAnonymous = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "x"));
        assertThat(noAnonymous.json().get("errors").get(0).get("field").asString()).isEqualTo("anonymous");
        var badDate = http().postJson("/api/v1/reports", report("occurredAt", "last week"));
        assertThat(badDate.json().get("detail").asString()).contains("ISO-8601");
    }

    @Test
    void unknownAndMalformedReceiptsGetTheSameAnswer() {
        var unknown = http().get("/api/v1/receipts/AAAAA-BBBBB-CCCCC-DDDDD-EEEEE");
        var malformed = http().get("/api/v1/receipts/hello");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail")).isEqualTo(malformed.json().get("detail"));
        assertThat(http().postJson("/api/v1/receipts/hello/messages", Map.of("body", "hi")).status()).isEqualTo(404);
    }

    @Test
    void whatTheReporterWroteIsNowhereInTheDatabaseInTheClear() throws Exception {
        String marker = "MARKER-" + unique("zq");
        var accepted = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "Text " + marker,
                "anonymous", false, "reporter", Map.of("name", marker, "email", marker.toLowerCase() + "@example.org"),
                "reported", Map.of("name", marker, "handles", List.of("github:" + marker.toLowerCase())),
                "location", marker, "evidence", marker, "contact", marker));
        assertThat(accepted.status()).isEqualTo(201);
        http().postJson("/api/v1/receipts/" + accepted.json().get("receipt").asString() + "/messages", Map.of("body", marker));

        for (String table : List.of("report", "report_message", "identity_handle", "person", "data_key")) {
            List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM " + table).query().listOfRows();
            assertThat(rows.toString()).as(table).doesNotContainIgnoringCase(marker);
        }
        if (TestDatabases.selected().equals(TestDatabases.SQLITE)) {
            jdbc.sql("PRAGMA wal_checkpoint(PASSIVE)").query().listOfRows();
            try (Stream<Path> files = Files.walk(dataDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertThat(bytes).as(file.toString()).doesNotContainIgnoringCase(marker);
                }
            }
        }
    }
}
