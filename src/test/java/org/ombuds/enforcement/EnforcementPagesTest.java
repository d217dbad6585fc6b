package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The enforcement pages over real HTTP as a signed-in browser sees them: an admin configures a space's webhook
 * connector through the form (a refused save comes back with the field marked; a secret left empty keeps the stored
 * one and is never shown back) and tests the connection against a receiver in the test and against a closed port; a
 * moderator follows a sanction from the sanctions list to its state in each space, retries a failed step and marks a
 * manual one done by hand; a moderator may not configure (403); a form without its CSRF token is refused (403); the
 * check-in list (page and CSV) lists a banned person on a day inside the ban only, and never for a recused member.
 */
class EnforcementPagesTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Spaces spaces;
    @Autowired
    SpaceConnectors connectors;
    @Autowired
    Enforcement enforcement;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String space(String prefix, String kind) {
        String slug = unique(prefix);
        spaces.add(slug, kind, null, "Space " + slug);
        return slug;
    }

    private static String connectorPage(String slug) {
        return "/staff/spaces/" + slug + "/connector";
    }

    /** An interim temporary ban of 14 days (in effect at once) on a new person, in these spaces; returns {sanction id, case id, handle}. */
    private String[] ban(List<String> spaceSlugs) {
        String handle = "github:" + unique("banned");
        String admin = tokenFor("admin"); // on the committee the case is brought to
        String caseId = caseAboutConfirmed(handle);
        var decided = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "temporary-ban", "clauses", List.of("harassment"),
                "reasoning", "Threats in the chat.", "duration", "P14D", "spaces", spaceSlugs, "interim", true), Http.bearer(admin));
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);
        assertThat(decided.json().get("status").asString()).isEqualTo("in-effect");
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE case_id = ?").param(caseId).query(String.class).single();
        return new String[] {sanctionId, caseId, handle};
    }

    private void deliver() {
        for (int round = 0; round < 20 && enforcement.deliverDue() > 0; round++) {
            // until nothing is due
        }
    }

    private Enforcement.SpaceState state(String accountId, String sanctionId, String slug) {
        return enforcement.stateOf(accountId, sanctionId).stream().filter(state -> state.spaceSlug().equals(slug)).findFirst().orElseThrow();
    }

    @Test
    void anAdminConfiguresAWebhookKeepsItsSecretUnseenAndTestsTheConnection() {
        StaffSession admin = signIn("admin", "Connector Admin");
        String slug = space("chat", "chat");
        String page = connectorPage(slug);

        var list = admin.get("/staff/spaces");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("<h1>Spaces</h1>").contains("href=\"/staff/spaces\"").contains("Space " + slug)
                .contains("href=\"" + page + "\"").contains("href=\"/staff/spaces/" + slug + "/check-in\"")
                .doesNotContainPattern(OTHER_SCRIPT).doesNotContain("style=");

        var empty = admin.get(page + "?type=webhook");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No connector is configured").contains("<option value=\"webhook\" selected=\"selected\">webhook</option>")
                .contains("name=\"setting.url\"").containsPattern("type=\"password\" id=\"setting-secret\" name=\"setting.secret\" value=\"\"[^>]*aria-describedby=\"setting-secret-hint\"")
                .contains("name=\"type\" value=\"webhook\"").doesNotContain("Test the connection").doesNotContain("style=");

        String url = receiver.url();
        var noSecret = admin.post(page, page, "type", "webhook", "setting.url", url, "setting.secret", "", "enabled", "true");
        assertThat(noSecret.status()).isEqualTo(400);
        assertThat(noSecret.body()).contains("id=\"error-summary\"").contains("href=\"#setting-secret\"")
                .containsPattern("id=\"setting-secret\" name=\"setting.secret\" value=\"\"[^>]*"
                        + "aria-invalid=\"true\" aria-describedby=\"setting-secret-hint error-setting-secret\"")
                .contains("id=\"error-setting-secret\">the webhook connector needs &#39;secret&#39;")
                .contains("value=\"" + url + "\"");

        var saved = admin.post(page, page, "type", "webhook", "setting.url", url, "setting.secret", WebhookReceiver.SECRET, "enabled", "true");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(saved.header("Location")).endsWith(page);
        var configured = admin.get(page);
        assertThat(configured.body()).contains("The connector was saved.").contains("<code>webhook</code>").contains("(set)").contains(url)
                .contains("A value is stored and never shown: leave empty to keep the stored one.").contains("Test the connection")
                .doesNotContain(WebhookReceiver.SECRET).doesNotContain(WebhookReceiver.SECRET.substring(6));

        // Saved again with the secret left empty: the stored one is kept (the receiver checks the signature with it).
        var again = admin.post(page, page, "type", "webhook", "setting.url", url, "setting.secret", "", "enabled", "true");
        assertThat(again.status()).isEqualTo(302);
        var tested = admin.post(page, page + "/test");
        assertThat(tested.status()).isEqualTo(302);
        assertThat(tested.header("Location")).endsWith(page);
        assertThat(admin.get(page).body()).contains("The connection works: the space&#39;s system accepted the test.")
                .contains(">the connection works</span>").doesNotContain(WebhookReceiver.SECRET);
        assertThat(receiver.accepted).singleElement().satisfies(body -> assertThat(body).contains("\"type\":\"ping\"").contains(slug));

        String closed = WebhookReceiver.closedUrl();
        assertThat(admin.post(page, page, "type", "webhook", "setting.url", closed, "setting.secret", "", "enabled", "true").status())
                .isEqualTo(302);
        assertThat(admin.post(page, page + "/test").status()).isEqualTo(302);
        var failed = admin.get(page);
        assertThat(failed.body()).contains("id=\"test-error\"").contains("The connection test failed.")
                .contains("the receiver could not be reached").contains("the test failed");
        assertThat(admin.get(page).body()).as("the answer stays with the space, the alert shows once").doesNotContain("id=\"test-error\"")
                .contains("id=\"last-test-error\">the receiver could not be reached");
        assertThat(admin.get("/staff/spaces").body()).contains("<code>webhook</code>").contains("the test failed")
                .contains("the receiver could not be reached");

        var withoutToken = admin.postWithout(page, "type", "webhook", "setting.url", url, "enabled", "true");
        assertThat(withoutToken.status()).as("no CSRF token").isEqualTo(403);
        assertThat(admin.postWithout(page + "/test").status()).isEqualTo(403);
    }

    @Test
    void aConnectorAddressOtherThanHttpsOrThisMachineIsRefusedWithTheFieldMarkedAndTheTextKept() {
        StaffSession admin = signIn("admin", "Address Admin");
        String slug = space("chat", "chat");
        String page = connectorPage(slug);
        var refused = admin.post(page, page, "type", "webhook", "setting.url", "javascript:alert(1)", "setting.secret", WebhookReceiver.SECRET,
                "enabled", "true");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("href=\"#setting-url\"")
                .containsPattern("id=\"setting-url\" name=\"setting.url\" value=\"javascript:alert\\(1\\)\"[^>]*aria-invalid=\"true\"")
                .containsPattern("id=\"error-setting-url\">[^<]*https://");
        assertThat(connectors.view(slug)).isEmpty();
    }

    @Test
    void aModeratorMayReadAConnectorButNotConfigureIt() {
        StaffSession moderator = signIn("moderator", "Curious Moderator");
        String slug = space("forum", "forum");
        String page = connectorPage(slug);
        var view = moderator.get(page);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body()).contains("Only admins configure connectors.").doesNotContain("name=\"setting.").doesNotContain("Test the connection");
        var refused = moderator.post("/staff", page, "type", "webhook", "setting.url", receiver.url(), "setting.secret", WebhookReceiver.SECRET,
                "enabled", "true");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(moderator.post("/staff", page + "/test").status()).isEqualTo(403);
        assertThat(connectors.view(slug)).isEmpty();
        assertThat(moderator.get("/staff/spaces/" + unique("nowhere") + "/connector").status()).isEqualTo(404);
    }

    @Test
    void aModeratorSeesWhereABanStandsRetriesAFailedStepAndMarksAManualOneDoneByHand() {
        String admin = accounts.add(unique("admin") + "@example.org", "Setup Admin", "admin").id();
        String hooked = space("chat", "chat");
        String manual = space("irc", "chat");
        connectors.configure(admin, hooked, "webhook", Map.of("url", WebhookReceiver.closedUrl(), "secret", WebhookReceiver.SECRET), true);
        String[] ban = ban(List.of(hooked, manual));
        String sanctionId = ban[0];
        deliver();

        StaffSession moderator = signIn("moderator", "Enforcing Moderator");
        String page = "/staff/sanctions/" + sanctionId + "/enforcement";
        assertThat(moderator.get("/staff/sanctions?subject=" + ban[2]).body()).as("the sanctions list links to it").contains("href=\"" + page + "\"");
        var shown = moderator.get(page);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("Enforcement of a temporary ban").contains(ban[2]).contains("href=\"/staff/cases/" + ban[1] + "\"")
                .contains("Space " + hooked).contains("Space " + manual).contains("apply the ban")
                .contains("<strong>failed</strong>").contains("The space&#39;s system answered: the receiver could not be reached")
                .contains("Next attempt:").contains("<strong>manual: to be done by hand</strong>").contains("no connector is configured for this space")
                .contains("Retry now").contains("Mark done by hand").doesNotContain("Threats in the chat").doesNotContainPattern(OTHER_SCRIPT)
                .doesNotContain("style=");

        String failedTask = state(moderator.account().id(), sanctionId, hooked).taskId();
        String manualTask = state(moderator.account().id(), sanctionId, manual).taskId();
        assertThat(moderator.postWithout(page + "/tasks/" + failedTask + "/retry").status()).as("no CSRF token").isEqualTo(403);

        // The receiver is back (an admin fixed the address): retry now, and the next delivery applies it.
        connectors.configure(admin, hooked, "webhook", Map.of("url", receiver.url()), true);
        var retried = moderator.post(page, page + "/tasks/" + failedTask + "/retry");
        assertThat(retried.status()).isEqualTo(302);
        assertThat(retried.header("Location")).endsWith(page);
        assertThat(moderator.get(page).body()).contains("It will be tried again within a few seconds.");
        deliver();
        assertThat(state(moderator.account().id(), sanctionId, hooked).status()).isEqualTo("done");
        assertThat(receiver.accepted).anySatisfy(body -> assertThat(body).contains("\"type\":\"sanction.applied\"").contains(ban[2]));

        var byHand = moderator.post(page, page + "/tasks/" + manualTask + "/by-hand");
        assertThat(byHand.status()).isEqualTo(302);
        var after = moderator.get(page);
        assertThat(after.body()).contains("Recorded as done by hand.").contains("<strong>done</strong>").contains("<strong>done by hand</strong>")
                .doesNotContain("Retry now").doesNotContain("Mark done by hand");
        assertThat(state(moderator.account().id(), sanctionId, manual).status()).isEqualTo("by-hand");

        var finished = moderator.post("/staff", page + "/tasks/" + manualTask + "/by-hand");
        assertThat(finished.status()).as("a finished step").isEqualTo(409);
        assertThat(finished.body()).contains("this task is finished");
        assertThat(moderator.post("/staff", page + "/tasks/" + unique("task") + "/retry").status()).isEqualTo(404);
        assertThat(moderator.get("/staff/sanctions/" + unique("nothing") + "/enforcement").status()).isEqualTo(404);
    }

    @Test
    void theCheckInListNamesTheBannedByHandleOnDaysInsideTheBanOnlyAndNotForARecusedMember() {
        String summit = space("summit", "event");
        String[] ban = ban(List.of(summit));
        String handle = ban[2];
        StaffSession moderator = signIn("moderator", "Desk Moderator");
        StaffSession recused = signIn("moderator", "Recused Moderator");
        var recusal = http().postJson("/api/v1/cases/" + ban[1] + "/recusals", Map.of("email", recused.email(),
                "reason", "a friend of the reported person"), Http.bearer(tokenFor("admin")));
        assertThat(recusal.status()).isEqualTo(201);
        LocalDate today = LocalDate.now();
        String page = "/staff/spaces/" + summit + "/check-in";
        long exports = jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'export' AND record_type = 'check-in'").query(Long.class).single();

        var inside = moderator.get(page + "?date=" + today.plusDays(3));
        assertThat(inside.status()).isEqualTo(200);
        assertThat(inside.body()).contains("Check-in list of Space " + summit).contains(handle).contains(ban[0])
                .contains("media=\"print\" href=\"/css/check-in-print.css\"").contains("value=\"" + today.plusDays(3) + "\"")
                .contains("href=\"/staff/spaces/" + summit + "/check-in.csv?date=" + today.plusDays(3) + "\"")
                .doesNotContain("Threats in the chat").doesNotContainPattern(OTHER_SCRIPT).doesNotContain("style=");
        assertThat(moderator.get(page).body()).as("today, by default").contains(handle);
        var after = moderator.get(page + "?date=" + today.plusDays(30));
        assertThat(after.body()).doesNotContain(handle).contains("Nobody you may see is banned from this space on");
        assertThat(moderator.get(page + "?date=" + today.minusDays(1)).body()).as("before the ban").doesNotContain(handle);
        assertThat(recused.get(page + "?date=" + today).body()).doesNotContain(handle).doesNotContain(ban[0]);

        var csv = moderator.get(page + ".csv?date=" + today);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains("check-in-" + summit + "-" + today + ".csv");
        assertThat(csv.body()).startsWith("\"handles\",\"until\",\"sanction\"\r\n").contains("\"" + handle + "\",")
                .contains(",\"" + ban[0] + "\"\r\n");
        assertThat(recused.get(page + ".csv?date=" + today).body()).isEqualTo("\"handles\",\"until\",\"sanction\"\r\n");

        var bad = moderator.get(page + "?date=next+friday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-date\"").contains("aria-invalid=\"true\"").contains("value=\"next friday\"")
                .contains("aria-describedby=\"date-hint error-date\"");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'export' AND record_type = 'check-in'").query(Long.class).single())
                .as("every list shown or downloaded is audited").isGreaterThanOrEqualTo(exports + 7);
    }

    @Test
    void theCheckInListIsWrittenWithEveryCellQuotedAndFormulasDefused() throws Exception {
        var sheet = new CheckIn.Sheet("desk", "Desk", LocalDate.of(2027, 5, 14), List.of(
                new CheckIn.Row(List.of("=HYPERLINK(\"x\")"), null, "s1"),
                new CheckIn.Row(List.of("github:a", "other:b,c\nd"), java.time.Instant.parse("2027-06-01T00:00:00Z"), "s2")));
        String csv = CheckIn.csv(sheet);
        assertThat(csv).startsWith("\"handles\",\"until\",\"sanction\"\r\n")
                .contains("\"'=HYPERLINK(\"\"x\"\")\",\"no end\",\"s1\"\r\n");
        try (var parser = org.apache.commons.csv.CSVParser.parse(csv, org.apache.commons.csv.CSVFormat.RFC4180.builder()
                .setHeader().setSkipHeaderRecord(true).get())) {
            var rows = parser.getRecords();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(1).get("handles")).isEqualTo("github:a other:b,c\nd");
            assertThat(rows.get(1).get("until")).isEqualTo("2027-06-01T00:00:00Z");
        }
    }
}
