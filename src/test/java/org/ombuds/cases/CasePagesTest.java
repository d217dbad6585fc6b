package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ombuds.intake.Attachment;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/**
 * The staff pages for cases and the audit log, over real HTTP as a signed-in browser sees them: forms post with
 * CSRF and redirect back, refused forms come back with the field marked, and recusal reaches every page.
 */
class CasePagesTest extends WebTest {
        @Autowired
    Intake intake;
    private String adminToken;


    @BeforeEach
    void admin() {
        adminToken = tokenFor("admin");
    }


    /** Files an anonymous report about a new person, so it opens a case of its own; returns that case's id. */
    private String fileReport(String description) {
        var filed = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", description, "anonymous", true,
                "reported", Map.of("handles", List.of("github:" + unique("x")))));
        assertThat(filed.status()).isEqualTo(201);
        return caseHolding(description);
    }

    /** The report answer carries only a receipt: find the case by reading the newest cases through the API. */
    private String caseHolding(String description) {
        for (JsonNode summary : http().get("/api/v1/cases?status=all&size=200", Http.bearer(adminToken)).json()) {
            String id = summary.get("id").asString();
            for (JsonNode report : detail(id).get("reports")) {
                if (description.equals(report.get("content").get("description").asString())) return id;
            }
        }
        throw new AssertionError("no case holds the report '" + description + "'");
    }

    private JsonNode detail(String caseId) {
        return http().get("/api/v1/cases/" + caseId, Http.bearer(adminToken)).json();
    }

    private static String casePath(String caseId) {
        return "/staff/cases/" + caseId;
    }

    private StaffSession signIn(String role) {
        return signIn(role, "Page " + role);
    }

    @Test
    void theQueueListsTheCaseAndItsPageShowsTheReport() {
        StaffSession moderator = signIn("moderator");
        String description = unique("Said hurtful things in the review") + ".";
        String caseId = fileReport(description);
        String name = detail(caseId).get("summary").get("name").asString();

        var queue = moderator.get("/staff/cases");
        assertThat(queue.status()).isEqualTo(200);
        // The suite's shared database holds many open cases, older ones first: the new one is on some page of the queue.
        var listing = queue;
        for (int page = 1; page < 40 && !listing.body().contains("href=\"" + casePath(caseId) + "\""); page++) {
            listing = moderator.get("/staff/cases?page=" + page);
        }
        assertThat(listing.body()).contains("href=\"" + casePath(caseId) + "\"").contains(name);
        assertThat(queue.body()).contains("<h1>Case queue</h1>")
                .contains("<option value=\"open\" selected=\"selected\">").doesNotContain("style=")
                .as("scripts only as static files (the keyboard shortcuts)").doesNotContainPattern("<script(?![^>]*\\ssrc=\"/js/)")
                .contains("<script src=\"/js/queue-keys.js\" defer></script>");
        var searched = moderator.get("/staff/cases?status=all&search=" + name.replace(' ', '+'));
        assertThat(searched.body()).contains("href=\"" + casePath(caseId) + "\"");
        assertThat(moderator.get("/staff/cases?status=closed&search=" + caseId).body()).contains("No cases match.");

        var page = moderator.get(casePath(caseId));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Case " + name + "</h1>").contains(description).contains("Report 1")
                .contains("github:x-").contains("reported person").contains("Declare a conflict of interest with this case")
                .contains("href=\"" + casePath(caseId) + "/conflict\"")
                .as("a moderator who is not assigned may not export").doesNotContain("/export\"");

        var home = moderator.get("/staff");
        assertThat(home.body()).contains("href=\"/staff/cases\"").contains("href=\"/staff/audit\"").doesNotContain("will appear here");
    }

    @Test
    void aBadQueueFilterComesBackWithTheFieldMarked() {
        StaffSession moderator = signIn("moderator");
        var refused = moderator.get("/staff/cases?status=nonsense&search=kept-text");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("status must be one of").contains("id=\"error-status\"")
                .containsPattern("<select id=\"status\" name=\"status\"\\s+aria-invalid=\"true\"").contains("value=\"kept-text\"");
    }

    @Test
    void aNoteAndAStatusChangeThroughTheFormsShowOnThePage() {
        StaffSession moderator = signIn("moderator");
        String caseId = fileReport(unique("Mocked my accent in the call") + ".");
        String note = unique("Talked to both; follow up next week");

        var added = moderator.post(casePath(caseId), casePath(caseId) + "/notes", Map.of("body", note));
        assertThat(added.status()).isEqualTo(302);
        assertThat(added.header("Location")).endsWith(casePath(caseId));
        var page = moderator.get(casePath(caseId));
        assertThat(page.body()).contains("Your note was added.").contains(note).contains("by Page moderator");
        assertThat(moderator.get(casePath(caseId)).body()).as("the notice shows once").doesNotContain("Your note was added.");

        var moved = moderator.post(casePath(caseId), casePath(caseId) + "/status", Map.of("status", "investigating"));
        assertThat(moved.status()).isEqualTo(302);
        page = moderator.get(casePath(caseId));
        assertThat(page.body()).contains("The status was changed.").contains("<dd>Investigating</dd>").contains("status changed")
                .contains("new → investigating");
        assertThat(detail(caseId).get("summary").get("status").asString()).isEqualTo("investigating");
    }

    @Test
    void refusedFormsComeBackWithTheFieldMarkedAndWhatWasTypedKept() {
        StaffSession moderator = signIn("moderator");
        String caseId = fileReport(unique("Kept posting my address") + ".");

        var empty = moderator.post(casePath(caseId), casePath(caseId) + "/notes", Map.of("body", "   "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("id=\"error-summary\"").contains("href=\"#note-body\"")
                .containsPattern("<textarea id=\"note-body\" name=\"body\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"error-note-body\"")
                .contains("id=\"error-note-body\">body must be 1 to 20000 characters");
        assertThat(detail(caseId).get("notes")).as("nothing was stored").isEmpty();

        String letter = unique("Please stop contacting the reporter");
        var tooLong = moderator.post(casePath(caseId), casePath(caseId) + "/letters", Map.of("recipient", "witness",
                "address", "witness@example.org", "subject", "x".repeat(201), "body", letter));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("id=\"error-letter-subject\"").contains(letter).contains("value=\"witness@example.org\"")
                .contains("<option value=\"witness\" selected=\"selected\">");

        var badHandle = moderator.post(casePath(caseId), casePath(caseId) + "/parties", Map.of("role", "subject", "handles", "octocat-without-kind",
                "reason", "named in the report"));
        assertThat(badHandle.status()).isEqualTo(400);
        assertThat(badHandle.body()).contains("id=\"error-party-handles\"").contains(">octocat-without-kind</textarea>")
                .contains(">named in the report</textarea>");
        var noReason = moderator.post(casePath(caseId), casePath(caseId) + "/parties", Map.of("role", "subject", "handles", "github:octocat"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"error-party-reason\"").contains(">github:octocat</textarea>");

        var nobody = moderator.post(casePath(caseId), casePath(caseId) + "/assignees", Map.of("email", "nobody-here@example.org"));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.body()).contains("id=\"error-assign-email\"").contains("there is no account with email nobody-here@example.org");

        var unknownCase = moderator.post(casePath(caseId), casePath(caseId) + "/merge", Map.of("from", "no such case 123"));
        assertThat(unknownCase.status()).isEqualTo(400);
        assertThat(unknownCase.body()).contains("id=\"error-merge-from\"").contains("value=\"no such case 123\"");
    }

    @Test
    void handlersAssignAddPeopleMergeAndSplitThroughTheForms() {
        StaffSession admin = signIn("admin");
        StaffSession moderator = signIn("moderator");
        String first = fileReport(unique("Shouted at me at the meetup") + ".");
        String secondDescription = unique("Sent me unwanted messages") + ".";
        String second = fileReport(secondDescription);
        String secondName = detail(second).get("summary").get("name").asString();

        var assigned = admin.post(casePath(first), casePath(first) + "/assignees", Map.of("email", moderator.email(), "lead", "true"));
        assertThat(assigned.status()).isEqualTo(302);
        var page = admin.get(casePath(first));
        assertThat(page.body()).contains(moderator.email() + " was assigned to this case.").contains("(" + moderator.email() + ")")
                .contains("lead").contains("href=\"" + casePath(first) + "/export\"");

        var subject = moderator.post(casePath(first), casePath(first) + "/parties", Map.of("role", "subject",
                "handles", "github:second-account, irc:nick", "reason", "the reporter named both accounts at the meetup"));
        assertThat(subject.status()).isEqualTo(302);
        assertThat(moderator.get(casePath(first)).body()).contains("The person was confirmed on the case.").contains("github:second-account")
                .contains("the reporter named both accounts at the meetup");

        var merged = moderator.post(casePath(first), casePath(first) + "/merge", Map.of("from", secondName.toLowerCase()));
        assertThat(merged.status()).isEqualTo(302);
        page = moderator.get(casePath(first));
        assertThat(page.body()).contains(secondName + " was merged into this case.").contains("Report 2").contains(secondDescription)
                .contains("Cases merged into this one").contains("href=\"" + casePath(second) + "\"");

        String movedReport = detail(first).get("reports").get(1).get("facts").get("id").asString();
        var split = moderator.post(casePath(first), casePath(first) + "/split", Map.of("reports", movedReport));
        assertThat(split.status()).isEqualTo(302);
        page = moderator.get(casePath(first));
        assertThat(page.body()).contains("The chosen reports were moved to a new case").contains("Open it").doesNotContain(secondDescription);

        var export = moderator.get(casePath(first) + "/export");
        assertThat(export.status()).as("the lead may export").isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/json");
        assertThat(export.header("Content-Disposition")).startsWith("attachment");
        assertThat(Http.JSON.readTree(export.body()).get("notes")).isNotNull();
    }

    @Test
    void attachmentsDownloadFromTheCasePageAndNeverRenderInIt() {
        StaffSession admin = signIn("admin");
        StaffSession moderator = signIn("moderator");
        // The report API takes no files: file through the service, which also tells the report id to search by.
        String reportId = intake.submit(new NewReport("harassment", unique("See the attached log") + ".", null, null, null, null,
                List.of("github:" + unique("x")), null, true, false, null, null, null, false, "web"),
                List.of(new Attachment("chat-log.txt", "ATTACHED-7731 the log".getBytes(StandardCharsets.UTF_8))), null).reportId();
        String caseId = http().get("/api/v1/cases?status=all&search=" + reportId, Http.bearer(adminToken)).json().get(0).get("id").asString();
        String fileId = detail(caseId).get("reports").get(0).get("attachments").get(0).get("id").asString();
        String download = casePath(caseId) + "/reports/" + reportId + "/attachments/" + fileId;

        var page = moderator.get(casePath(caseId));
        assertThat(page.body()).contains("href=\"" + download + "\" download").contains("Download chat-log.txt")
                .doesNotContain("ATTACHED-7731");
        var file = moderator.get(download);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("ATTACHED-7731 the log");
        assertThat(file.header("Content-Disposition")).startsWith("attachment").contains("chat-log.txt");
        assertThat(file.header("Content-Security-Policy")).contains("sandbox");

        admin.post(casePath(caseId), casePath(caseId) + "/recusals", Map.of("email", moderator.email(), "reason", "a friend of the reported person"));
        assertThat(moderator.get(download).status()).isEqualTo(404);
    }

    @Test
    void aRecusedModeratorGetsNotFoundAndNoLongerSeesTheCase() {
        StaffSession admin = signIn("admin");
        StaffSession moderator = signIn("moderator");
        String caseId = fileReport(unique("Threatened me in chat") + ".");
        assertThat(moderator.get("/staff/cases?status=all&search=" + caseId).body()).contains(casePath(caseId));

        var recused = admin.post(casePath(caseId), casePath(caseId) + "/recusals", Map.of("email", moderator.email(), "reason", "a friend of the reported person"));
        assertThat(recused.status()).isEqualTo(302);
        assertThat(admin.get(casePath(caseId)).body()).contains(moderator.email() + " was recused from this case.")
                .contains("Page moderator</span>:");

        assertThat(moderator.get(casePath(caseId)).status()).isEqualTo(404);
        assertThat(moderator.get("/staff/cases").body()).doesNotContain(casePath(caseId));
        assertThat(moderator.get("/staff/cases?status=all&search=" + caseId).body()).doesNotContain(casePath(caseId));
        assertThat(moderator.get(casePath(caseId) + "/conflict").status()).isEqualTo(404);
        var note = moderator.post("/staff", casePath(caseId) + "/notes", Map.of("body", "still here?"));
        assertThat(note.status()).isEqualTo(404);
        assertThat(note.body()).doesNotContain("still here?");
    }

    @Test
    void declaringAConflictRemovesTheCaseAtOnce() {
        StaffSession moderator = signIn("moderator");
        String caseId = fileReport(unique("Mocked my talk afterwards") + ".");
        String name = detail(caseId).get("summary").get("name").asString();

        var explanation = moderator.get(casePath(caseId) + "/conflict");
        assertThat(explanation.status()).isEqualTo(200);
        assertThat(explanation.body()).contains("You are about to step aside from " + name).contains("removes the case from your reach at once")
                .contains("Declare the conflict and step aside").doesNotContain("Mocked my talk");

        var declared = moderator.post(casePath(caseId) + "/conflict", casePath(caseId) + "/conflict", Map.of());
        assertThat(declared.status()).isEqualTo(302);
        assertThat(declared.header("Location")).endsWith("/staff/cases");
        assertThat(moderator.get("/staff/cases").body()).contains("You declared a conflict of interest with " + name)
                .doesNotContain(casePath(caseId));
        assertThat(moderator.get(casePath(caseId)).status()).isEqualTo(404);
        assertThat(detail(caseId).get("recusals").get(0).get("kind").asString()).isEqualTo("declared");
    }

    @Test
    void theAuditPageShowsModeratorsOnlyTheCasesTheyMaySee() {
        StaffSession admin = signIn("admin");
        StaffSession moderator = signIn("moderator");
        String hidden = fileReport(unique("Insulted me in the tracker") + ".");
        String visible = fileReport(unique("Ignored my request to stop") + ".");
        assertThat(moderator.get(casePath(hidden)).status()).isEqualTo(200);
        assertThat(moderator.get(casePath(visible)).status()).isEqualTo(200);
        admin.post(casePath(hidden), casePath(hidden) + "/recusals", Map.of("email", moderator.email(), "reason", "a friend of the reported person"));

        String byModerator = "/staff/audit?account=" + moderator.account().id();
        var all = admin.get(byModerator);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("<h1>Audit log</h1>").contains(hidden).contains(visible).contains(">read</td>")
                .contains("href=\"/staff/audit/export?");
        var own = moderator.get(byModerator);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains(visible).doesNotContain(hidden).doesNotContain("/staff/audit/export");

        var refused = moderator.get("/staff/audit?case=" + hidden);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("id=\"error-case\"").contains("No entries.").doesNotContain(">read</td>");
        assertThat(admin.get("/staff/audit?case=" + hidden).body()).contains(">recuse</td>");
    }

    @Test
    void theCsvExportIsForAdminsOnly() {
        StaffSession admin = signIn("admin");
        StaffSession moderator = signIn("moderator");
        var csv = admin.get("/staff/audit/export");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\"seq\",\"at\",\"actor\",\"action\",\"record_type\",\"record_id\",\"case_id\",\"origin\","
                + "\"prev_hash\",\"hash\"\r\n");
        assertThat(moderator.get("/staff/audit/export").status()).isEqualTo(403);
    }

    @Test
    void anAdminHoldsACaseThroughTheFormWithAReasonAndReleasesIt() {
        StaffSession admin = signIn("admin");
        String caseId = fileReport(unique("Kept sending threats by email") + ".");
        String page = casePath(caseId);

        var noReason = admin.post(page, page + "/legal-hold", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"error-hold-reason\"").contains("aria-invalid=\"true\"");

        var held = admin.post(page, page + "/legal-hold", Map.of("reason", "Litigation notice of 3 March"));
        assertThat(held.status()).isEqualTo(302);
        String shown = admin.get(page).body();
        assertThat(shown).contains("Under legal hold").contains("Litigation notice of 3 March").contains("Release the hold");
        assertThat(detail(caseId).toString()).contains("Litigation notice of 3 March");

        var released = admin.post(page, page + "/legal-hold", Map.of("reason", "Settled", "release", "true"));
        assertThat(released.status()).isEqualTo(302);
        assertThat(admin.get(page).body()).doesNotContain("id=\"legal-hold\"").contains("Put under legal hold");

        StaffSession moderator = signIn("moderator");
        assertThat(moderator.get(page).body()).doesNotContain("/legal-hold\"");
    }
}
