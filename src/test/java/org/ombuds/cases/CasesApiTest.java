package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ombuds.intake.Attachment;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.MailPorts;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/** The case API over a real database and a real SMTP server (GreenMail) for letters. */
// These count the mail they receive; the web tests share one database, so this context's jobs would otherwise act on
// other tests' leftovers (retrying a failing space, redelivering an event) and send mail of their own.
@TestPropertySource(properties = {"ombuds.scheduler.enabled=false", "spring.mail.host=127.0.0.1", "spring.mail.port=${ombuds.test.smtp-port}",
        "spring.mail.properties.mail.smtp.starttls.enable=false", "ombuds.mail.from=committee@example.org"})
class CasesApiTest extends WebTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(MailPorts.smtp())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    private JsonNode read(String token, String caseId) {
        var response = http().get("/api/v1/cases/" + caseId, Http.bearer(token));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> kinds(JsonNode detail) {
        List<String> kinds = new ArrayList<>();
        detail.get("timeline").forEach(event -> kinds.add(event.get("kind").asString()));
        return kinds;
    }

    private String newCase(String description, String... handles) {
        return CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, description, List.of(handles), null).reportId());
    }

    @Test
    void aReportOpensACaseWithANeutralNameDeadlinesAndItsContentForHandlers() {
        String moderator = tokenFor("moderator");
        String caseId = newCase("Sam kept insulting people in #general.", "github:" + unique("sam"));
        JsonNode detail = read(moderator, caseId);
        JsonNode summary = detail.get("summary");
        assertThat(summary.get("codeName").asString()).matches("[a-z]+-[a-z]+-[1-9][0-9]{2}");
        assertThat(summary.get("status").asString()).isEqualTo("new");
        assertThat(summary.get("severity").asString()).isEqualTo("unassessed");
        Instant opened = Instant.parse(summary.get("openedAt").asString());
        assertThat(Instant.parse(detail.get("acknowledgeBy").asString())).isEqualTo(opened.plus(Duration.ofDays(3)));
        assertThat(Instant.parse(detail.get("decideBy").asString())).isEqualTo(opened.plus(Duration.ofDays(30)));
        assertThat(detail.get("reports").get(0).get("content").get("description").asString()).isEqualTo("Sam kept insulting people in #general.");
        // The handle the report names is a claim for the committee to confirm: nobody is a party yet.
        assertThat(detail.get("parties")).isEmpty();
        JsonNode claim = detail.get("reports").get(0).get("claims").get(0);
        assertThat(claim.get("role").asString()).isEqualTo("subject");
        assertThat(claim.get("handle").asString()).startsWith("github:sam-");
        assertThat(claim.get("known").asBoolean()).isFalse();
        assertThat(kinds(detail)).containsExactly("opened");
        assertThat(detail.get("permissions").get("note").asBoolean()).isTrue();
        assertThat(detail.get("permissions").get("export").asBoolean()).isFalse();
    }

    @Test
    void reportsAboutTheSamePersonJoinTheOpenCaseAndLaterOnesSeeTheHistory() {
        String admin = tokenFor("admin");
        String github = "github:" + unique("pat");
        String matrix = "matrix:@" + unique("pat") + ":example.org";
        String first = newCase("First report.", github, matrix);
        String second = newCase("Second report, another handle of the same person.", matrix);
        assertThat(second).isEqualTo(first);
        JsonNode detail = read(admin, first);
        assertThat(detail.get("reports")).hasSize(2);
        assertThat(kinds(detail)).containsExactly("opened", "report-joined");
        assertThat(http().postJson("/api/v1/cases/" + first + "/parties", Map.of("role", "subject", "handles", List.of(github, matrix),
                "reason", "both reports name them; the accounts link to each other"), Http.bearer(admin)).status()).isEqualTo(201);

        assertThat(http().postJson("/api/v1/cases/" + first + "/status", Map.of("status", "closed"), Http.bearer(admin)).status()).isEqualTo(200);
        String later = newCase("A year later, the same person again.", github);
        assertThat(later).isNotEqualTo(first);
        JsonNode history = read(admin, later).get("subjectHistory");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("id").asString()).isEqualTo(first);
        assertThat(history.get(0).get("status").asString()).isEqualTo("closed");
    }

    @Test
    void notesAreSealedAtRestAndShownToHandlers() {
        String moderator = tokenFor("moderator");
        String caseId = newCase("Something happened.");
        var created = http().postJson("/api/v1/cases/" + caseId + "/notes", Map.of("body", "NOTE-SECRET talked to both people"), Http.bearer(moderator));
        assertThat(created.status()).isEqualTo(201);
        JsonNode notes = read(moderator, caseId).get("notes");
        assertThat(notes.get(0).get("body").asString()).isEqualTo("NOTE-SECRET talked to both people");
        assertThat(notes.get(0).get("author").asString()).startsWith("Test moderator");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_note WHERE sealed_body LIKE '%NOTE-SECRET%'").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_note WHERE case_id = ?").param(caseId).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void statusChangesAcknowledgeTheCaseAndReachTheReportersReceipt() {
        String moderator = tokenFor("moderator");
        var report = CaseFixtures.report(intake, "Please look into this.", List.of(), null);
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        assertThat(http().get("/api/v1/receipts/" + report.receipt()).json().get("status").asString()).isEqualTo("received");

        assertThat(http().postJson("/api/v1/cases/" + caseId + "/status", Map.of("status", "triage"), Http.bearer(moderator)).status()).isEqualTo(200);
        JsonNode detail = read(moderator, caseId);
        assertThat(detail.get("acknowledgedAt")).isNotNull();
        assertThat(detail.get("summary").get("nextDue").asString()).isEqualTo(detail.get("decideBy").asString());
        assertThat(http().get("/api/v1/receipts/" + report.receipt()).json().get("status").asString()).isEqualTo("acknowledged");
        assertThat(kinds(detail)).contains("status");

        var bad = http().postJson("/api/v1/cases/" + caseId + "/status", Map.of("status", "finished"), Http.bearer(moderator));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
    }

    @Test
    void theCommitteeWritesToTheReporterFromTheCase() {
        String moderator = tokenFor("moderator");
        var report = CaseFixtures.report(intake, "Please look into this.", List.of(), null);
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        var sent = http().postJson("/api/v1/cases/" + caseId + "/reports/" + report.reportId() + "/messages",
                Map.of("body", "Thank you, we are looking into it."), Http.bearer(moderator));
        assertThat(sent.status()).isEqualTo(201);
        JsonNode messages = http().get("/api/v1/receipts/" + report.receipt()).json().get("messages");
        assertThat(messages.get(0).get("body").asString()).isEqualTo("Thank you, we are looking into it.");
        assertThat(kinds(read(moderator, caseId))).contains("message-to-reporter");
        String otherReport = CaseFixtures.report(intake, "Unrelated.", List.of(), null).reportId();
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/reports/" + otherReport + "/messages", Map.of("body", "x"),
                Http.bearer(moderator)).status()).isEqualTo(404);
    }

    @Test
    void mergeAndSplitKeepTheirHistory() {
        String admin = tokenFor("admin");
        String a = newCase("Report A.");
        var second = CaseFixtures.report(intake, "Report B, the same event.", List.of(), null);
        String b = CaseFixtures.caseOf(jdbc, second.reportId());
        assertThat(http().postJson("/api/v1/cases/" + b + "/notes", Map.of("body", "note on B"), Http.bearer(admin)).status()).isEqualTo(201);

        var merged = http().postJson("/api/v1/cases/" + a + "/merge", Map.of("from", b), Http.bearer(admin));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("reports").asInt()).isEqualTo(2);
        JsonNode oldCase = read(admin, b);
        assertThat(oldCase.get("summary").get("status").asString()).isEqualTo("closed");
        assertThat(oldCase.get("summary").get("mergedInto").asString()).isEqualTo(a);
        assertThat(oldCase.get("notes").get(0).get("body").asString()).isEqualTo("note on B");
        assertThat(kinds(oldCase)).contains("merged-into");
        JsonNode target = read(admin, a);
        assertThat(kinds(target)).contains("merged-from");
        assertThat(target.get("mergedFrom").get(0).get("id").asString()).isEqualTo(b);

        var split = http().postJson("/api/v1/cases/" + a + "/split", Map.of("reports", List.of(second.reportId())), Http.bearer(admin));
        assertThat(split.status()).isEqualTo(201);
        String c = split.json().get("id").asString();
        assertThat(CaseFixtures.caseOf(jdbc, second.reportId())).isEqualTo(c);
        assertThat(kinds(read(admin, c))).contains("split-from");
        assertThat(kinds(read(admin, a))).contains("split-to");
        assertThat(read(admin, a).get("reports")).hasSize(1);
        var emptying = http().postJson("/api/v1/cases/" + a + "/split", Map.of("reports", List.of(read(admin, a).get("reports").get(0)
                .get("facts").get("id").asString())), Http.bearer(admin));
        assertThat(emptying.status()).isEqualTo(400);
    }

    @Test
    void aLetterGoesOutByEmailAndIsRecordedSealedOnTheTimeline() throws Exception {
        String moderator = tokenFor("moderator");
        String caseId = newCase("Reported for threats.");
        var sent = http().postJson("/api/v1/cases/" + caseId + "/letters", Map.of("recipient", "subject", "address", "sam@example.net",
                "subject", "About a report", "body", "LETTER-BODY We would like to hear your side."), Http.bearer(moderator));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(SMTP.waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), 1)).isTrue();
        var message = java.util.Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> GreenMailUtil.getBody(m).contains("LETTER-BODY")).findFirst().orElseThrow();
        assertThat(GreenMailUtil.getAddressList(message.getAllRecipients())).isEqualTo("sam@example.net");
        JsonNode detail = read(moderator, caseId);
        assertThat(detail.get("letters").get(0).get("address").asString()).isEqualTo("sam@example.net");
        assertThat(kinds(detail)).contains("letter");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_letter WHERE sealed_body LIKE '%LETTER-BODY%' OR sealed_address LIKE '%sam@%'")
                .query(Integer.class).single()).isZero();
        var bad = http().postJson("/api/v1/cases/" + caseId + "/letters", Map.of("recipient", "neighbour", "address", "x@example.net",
                "subject", "s", "body", "b"), Http.bearer(moderator));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("recipient");
    }

    @Test
    void aRecusedMemberReachesNeitherAttachmentsNorTheCasesAuditEntries() {
        String admin = tokenFor("admin");
        String email = unique("recused") + "@example.org";
        accounts.add(email, "Recused Moderator", "moderator");
        String moderator = tokens.createForAccount(email, null, "t").token();
        var report = intake.submit(new NewReport("harassment", "With a screenshot.", null, null, null, null, List.of(), null, true, false,
                null, null, null, false, "api"), List.of(new Attachment("shot.txt", "EVIDENCE".getBytes(StandardCharsets.UTF_8))), null);
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        String attachmentId = read(moderator, caseId).get("reports").get(0).get("attachments").get(0).get("id").asString();
        String attachmentPath = "/api/v1/cases/" + caseId + "/reports/" + report.reportId() + "/attachments/" + attachmentId;
        var download = http().get(attachmentPath, Http.bearer(moderator));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("EVIDENCE");
        assertThat(download.header("Content-Disposition")).startsWith("attachment");
        assertThat(http().get("/api/v1/audit?case=" + caseId, Http.bearer(moderator)).status()).isEqualTo(200);

        assertThat(http().postJson("/api/v1/cases/" + caseId + "/recusals", Map.of("email", email, "reason", "works with the reporter"),
                Http.bearer(admin)).status()).isEqualTo(201);
        assertThat(http().get(attachmentPath, Http.bearer(moderator)).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/cases/" + caseId, Http.bearer(moderator)).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/audit?case=" + caseId, Http.bearer(moderator)).status()).isEqualTo(404);
        var ownLog = http().get("/api/v1/audit?limit=1000", Http.bearer(moderator));
        assertThat(ownLog.status()).isEqualTo(200);
        ownLog.json().forEach(entry -> assertThat(entry.path("caseId").asString("")).isNotEqualTo(caseId));
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/assignees", Map.of("email", email), Http.bearer(admin)).status()).isEqualTo(409);

        JsonNode adminView = http().get("/api/v1/audit?case=" + caseId, Http.bearer(admin)).json();
        String moderatorId = accounts.requireByEmail(email).id();
        assertThat(adminView).anySatisfy(entry -> {
            assertThat(entry.get("actor").asString()).isEqualTo(moderatorId);
            assertThat(entry.get("action").asString()).isEqualTo("read");
            assertThat(entry.get("recordType").asString()).isEqualTo("attachment");
            assertThat(entry.get("origin").asString()).isEqualTo("127.0.0.1");
        });
        assertThat(read(admin, caseId).get("recusals").get(0).get("kind").asString()).isEqualTo("recused");
    }

    @Test
    void declaringAConflictTakesTheCaseOutOfReachAtOnce() {
        String admin = tokenFor("admin");
        String email = unique("conflicted") + "@example.org";
        accounts.add(email, "Conflicted", "moderator");
        String moderator = tokens.createForAccount(email, null, "t").token();
        String caseId = newCase("About my friend.");
        assertThat(http().get("/api/v1/cases/" + caseId, Http.bearer(moderator)).status()).isEqualTo(200);
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/conflicts", Map.of(), Http.bearer(moderator)).status()).isEqualTo(201);
        assertThat(http().get("/api/v1/cases/" + caseId, Http.bearer(moderator)).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/cases?status=all&search=" + caseId, Http.bearer(moderator)).json()).isEmpty();
        JsonNode detail = read(admin, caseId);
        assertThat(kinds(detail)).contains("conflict-declared");
        assertThat(detail.get("recusals").get(0).get("kind").asString()).isEqualTo("declared");
    }

    @Test
    void everyReadOfACaseIsInTheAuditLogAndAdminsCanExportIt() {
        String email = unique("reader") + "@example.org";
        String readerId = accounts.add(email, "Reader", "admin").id();
        String admin = tokens.createForAccount(email, null, "t").token();
        var report = CaseFixtures.report(intake, "Audited.", List.of(), null);
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        read(admin, caseId);
        JsonNode entries = http().get("/api/v1/audit?account=" + readerId, Http.bearer(admin)).json();
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.get("action").asString()).isEqualTo("read");
            assertThat(entry.get("recordType").asString()).isEqualTo("report");
            assertThat(entry.get("recordId").asString()).isEqualTo(report.reportId());
            assertThat(entry.get("caseId").asString()).isEqualTo(caseId);
        });
        var csv = http().get("/api/v1/audit/export?case=" + caseId, Http.bearer(admin));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\"seq\",\"at\",\"actor\",\"action\",\"record_type\",\"record_id\",\"case_id\",")
                .contains("\"" + readerId + "\",\"read\",\"case\",\"" + caseId + "\"");
        assertThat(http().get("/api/v1/audit/export", Http.bearer(tokenFor("moderator"))).status()).isEqualTo(403);
    }
}
