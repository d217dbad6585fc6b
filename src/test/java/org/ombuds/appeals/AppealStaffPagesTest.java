package org.ombuds.appeals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.cases.Cases;
import org.ombuds.cases.GrantingReview;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.TwoApprovals;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The staff's appeal pages over real HTTP as a signed-in browser sees them: the admin's list with an appeal that
 * waits for a reviewer, assigning someone who took part (refused, the field marked) and then an independent appeal
 * reviewer; the reviewer reading the case, asking the appellant, a refused outcome coming back with what was typed,
 * then overturning (the sanction lifted) or modifying the ban; a moderator who is not the reviewer (404) and forms
 * without their CSRF token (403). The shared web database holds many staff accounts, so automatic assignment may pick
 * any eligible one: the tests read the assigned reviewer from the service or assign one explicitly.
 */
@TwoApprovals
class AppealStaffPagesTest extends WebTest {
    static final Pattern TOKEN = Pattern.compile("oap_[A-Za-z0-9_-]+");
        private static final String CLIENT = "192.0.2.7";
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    GrantingReview caseReview;
    @Autowired
    org.ombuds.cases.CaseLetters caseLetters;
    @Autowired
    Decisions decisions;
    @Autowired
    org.ombuds.cases.ConfirmingParties parties;
    @Autowired
    Appeals appeals;



    /** A 30-day ban in effect on a case about a person with an email address, two moderators having decided it. */
    record Banned(String caseId, String decisionId, String sanctionId, String token, Account proposer, Account approver) {
    }

    static Banned ban(WebTestAccess test) {
        Account proposer = test.accounts().add(unique("proposer") + "@example.org", "Proposing Moderator", "moderator");
        Account approver = test.accounts().add(unique("approver") + "@example.org", "Approving Moderator", "moderator");
        String caseId = CaseFixtures.caseAbout(test.intake(), test.jdbc(), test.parties(), test.cases().viewer(proposer.id()),
                "email:" + unique("person") + "@example.net");
        Decision decision = test.decisions().propose(test.cases().viewer(proposer.id()), caseId, new Decisions.Proposal("temporary-ban",
                List.of("harassment"), "Repeated insults in the chat.", null, "P30D", List.of(), false, null));
        decision = test.decisions().vote(test.cases().viewer(approver.id()), decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        String sanctionId = test.jdbc().sql("SELECT id FROM sanction WHERE decision_id = ?").param(decision.id()).query(String.class).single();
        String letter = await().atMost(Duration.ofSeconds(30))
                .until(() -> test.letters().committeeLetter("sanction:" + sanctionId + ":decided"), Optional::isPresent).orElseThrow();
        Matcher token = TOKEN.matcher(letter);
        assertThat(token.find()).as("the letter carries a personal appeal link").isTrue();
        return new Banned(caseId, decision.id(), sanctionId, token.group(), proposer, approver);
    }

    /** What {@link #ban} needs of a web test. */
    record WebTestAccess(org.ombuds.accounts.Accounts accounts, Intake intake, JdbcClient jdbc, Cases cases, Decisions decisions,
                         org.ombuds.cases.ConfirmingParties parties, org.ombuds.cases.CaseLetters letters) {
    }

    private Banned banned() {
        return ban(new WebTestAccess(accounts, intake, jdbc, cases, decisions, parties, caseLetters));
    }

    /**
     * The appeal as it stands when nobody was eligible: no reviewer, waiting for an admin. The shared database always
     * holds someone eligible, so the automatic assignment is undone here (and the picked reviewer's read access with it).
     */
    private void nobodyWasEligible(String caseId, String appealId) {
        caseReview.revokeReview(caseId, appealId);
        jdbc.sql("UPDATE appeal SET status = 'awaiting-reviewer', reviewer_id = NULL, assigned_at = NULL WHERE id = ?").param(appealId).update();
    }

    private String sanctionStatus(String decisionId) {
        return jdbc.sql("SELECT status FROM sanction WHERE decision_id = ?").param(decisionId).query(String.class).single();
    }

    private static String page(String appealId) {
        return "/staff/appeals/" + appealId;
    }

    @Test
    void theAdminAssignsAnIndependentReviewerWhoAsksAndOverturnsTheBan() {
        StaffSession admin = signIn("admin", "Chair Person");
        Banned banned = banned();
        String appealId = appeals.file(banned.token(), CLIENT, "I was quoting a film, not insulting anyone.", "https://example.net/thread/7");
        nobodyWasEligible(banned.caseId(), appealId);
        String path = page(appealId);

        var list = admin.get("/staff/appeals");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("<h1>Appeals</h1>").contains("href=\"" + path + "\"")
                .contains("href=\"/staff/cases/" + banned.caseId() + "\"").contains("Temporary Ban")
                .contains("no eligible reviewer — assign one").contains("awaiting a reviewer").contains("for a reviewer")
                .contains("href=\"/staff/appeals\"").doesNotContainPattern(OTHER_SCRIPT).doesNotContain("style=");

        var waiting = admin.get(path);
        assertThat(waiting.status()).isEqualTo(200);
        assertThat(waiting.body()).contains("I was quoting a film, not insulting anyone.").contains("https://example.net/thread/7")
                .contains("no eligible reviewer — assign one").contains("Who may review it").contains("id=\"reviewer-email\"")
                .contains("Filed against: Temporary Ban").contains("Assigned automatically to").contains("action=\"" + path + "/reviewer\"")
                .contains("The letter as sent").contains("suspend you temporarily")
                .as("the appellant's personal link stays theirs").doesNotContain(banned.token()).contains("/appeal/oap_…")
                .contains("shortened here").doesNotContain("''")
                .doesNotContain("action=\"" + path + "/outcome\"").doesNotContainPattern(OTHER_SCRIPT).doesNotContain("style=");

        // Someone who took part in the decision may not review it: the form comes back with the field marked.
        var refused = admin.post(path, path + "/reviewer", "email", banned.proposer().email());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"error-summary\"").contains("href=\"#reviewer-email\"")
                .containsPattern("<input id=\"reviewer-email\" name=\"email\"[^>]*value=\"" + Pattern.quote(banned.proposer().email()) + "\"")
                .containsPattern("<input id=\"reviewer-email\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"reviewer-email-hint error-reviewer-email\"")
                .contains("id=\"error-reviewer-email\">Proposing Moderator may not review this appeal: they took part in deciding the case");
        assertThat(appeals.detail(admin.account().id(), appealId).summary().reviewerId()).isNull();

        StaffSession reviewer = signIn("appeal-reviewer", "Independent Reviewer");
        assertThat(reviewer.get(path).status()).as("not theirs yet").isEqualTo(404);
        var assigned = admin.post(path, path + "/reviewer", "email", reviewer.account().email());
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(302);
        assertThat(assigned.header("Location")).endsWith(path);
        assertThat(admin.get(path).body()).contains("The reviewer was assigned").contains("Assigned to Independent Reviewer")
                .doesNotContain("no eligible reviewer");
        AppealSummary summary = appeals.detail(admin.account().id(), appealId).summary();
        assertThat(summary.reviewerId()).isEqualTo(reviewer.account().id());
        assertThat(summary.status()).isEqualTo("in-review");

        // The reviewer finds it in their list, reads the case (for this appeal only) and asks the appellant.
        assertThat(reviewer.get("/staff/appeals").body()).contains("href=\"" + path + "\"").contains("in review")
                .contains("Independent Reviewer");
        var theirs = reviewer.get(path);
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.body()).contains("href=\"/staff/cases/" + banned.caseId() + "\"")
                .contains("read access for this appeal only; every read is recorded").contains("action=\"" + path + "/messages\"")
                .contains("action=\"" + path + "/outcome\"").doesNotContain("action=\"" + path + "/reviewer\"")
                .contains("Independent Reviewer (you)");
        assertThat(reviewer.get("/staff/cases/" + banned.caseId()).status()).isEqualTo(200);

        var emptyQuestion = reviewer.post(path, path + "/messages", "body", "  ");
        assertThat(emptyQuestion.status()).isEqualTo(400);
        assertThat(emptyQuestion.body()).containsPattern("<textarea id=\"question-body\"[^>]*aria-invalid=\"true\"")
                .contains("id=\"error-question-body\">this is required");
        var asked = reviewer.post(path, path + "/messages", "body", "Which film were you quoting?");
        assertThat(asked.status()).isEqualTo(302);
        assertThat(reviewer.get(path).body()).contains("Your question was sent to the appellant.").contains("Which film were you quoting?")
                .contains("Independent Reviewer (reviewer)");
        appeals.reply(banned.token(), CLIENT, "Pulp Fiction.");
        assertThat(reviewer.get(path).body()).contains("Pulp Fiction.").contains("The appellant");

        // Without reasoning the outcome is refused; what was typed comes back.
        String tell = unique("The decision was reviewed on appeal and overturned");
        var noReasoning = reviewer.post(path, path + "/outcome", "outcome", "overturned", "reasoning", "   ", "action", "temporary-ban",
                "duration", "", "until", "", "tellReporter", tell);
        assertThat(noReasoning.status()).isEqualTo(400);
        assertThat(noReasoning.body()).contains("href=\"#outcome-reasoning\"")
                .containsPattern("<textarea id=\"outcome-reasoning\" name=\"reasoning\"[^>]*aria-invalid=\"true\"[^>]*"
                        + "aria-describedby=\"outcome-reasoning-hint error-outcome-reasoning\"")
                .contains("id=\"error-outcome-reasoning\">this is required").contains(">" + tell + "</textarea>")
                .containsPattern("name=\"outcome\" value=\"overturned\" checked=\"checked\"");
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("in-effect");

        var decided = reviewer.post(path, path + "/outcome", "outcome", "overturned", "reasoning", "The words were a quotation, not an insult.",
                "action", "temporary-ban", "duration", "", "until", "", "tellReporter", tell);
        assertThat(decided.status()).as(decided.body()).isEqualTo(302);
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("overturned");
        var after = reviewer.get(path);
        assertThat(after.body()).contains("The appeal is decided: the decision is overturned")
                .contains("The decision is overturned: the measure is lifted everywhere.").contains("The words were a quotation, not an insult.")
                .contains("Decided: overturned").contains("The reporters were told of the outcome")
                .doesNotContain("action=\"" + path + "/outcome\"").doesNotContain("action=\"" + path + "/messages\"");
        assertThat(appeals.view(banned.token(), CLIENT).appeal().outcome()).isEqualTo("overturned");
        assertThat(reviewer.get("/staff/cases/" + banned.caseId()).status()).as("read access ends with the appeal").isEqualTo(404);
        assertThat(admin.get("/staff/appeals").body()).contains("overturned");
        assertThat(admin.get(path).body()).as("an overturned appeal cannot be reopened").doesNotContain("action=\"" + path + "/reopen\"");
    }

    @Test
    void aModifiedBanComesBackWhenItsTermsAreWrongThenTakesEffect() {
        StaffSession admin = signIn("admin", "Second Chair");
        Banned banned = banned();
        String appealId = appeals.file(banned.token(), CLIENT, "Thirty days is out of proportion.", null);
        // Created after filing, so that the automatic assignment cannot have picked them already.
        StaffSession reviewer = signIn("appeal-reviewer", "Modifying Reviewer");
        appeals.assign(admin.account().id(), appealId, reviewer.account().email());
        String path = page(appealId);

        var badDuration = reviewer.post(path, path + "/outcome", "outcome", "modified", "reasoning", "Seven days is enough.",
                "action", "temporary-ban", "duration", "a week", "until", "");
        assertThat(badDuration.status()).isEqualTo(400);
        assertThat(badDuration.body()).contains("href=\"#outcome-duration\"").contains("value=\"a week\"")
                .containsPattern("<input id=\"outcome-duration\" name=\"duration\"[^>]*aria-invalid=\"true\"")
                .containsPattern("name=\"outcome\" value=\"modified\" checked=\"checked\"").contains(">Seven days is enough.</textarea>");
        var badDate = reviewer.post(path, path + "/outcome", "outcome", "modified", "reasoning", "Seven days is enough.",
                "action", "temporary-ban", "duration", "", "until", "next week");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).containsPattern("<input id=\"outcome-until\" name=\"until\"[^>]*aria-invalid=\"true\"")
                .contains("id=\"error-outcome-until\">the end date must be a date");
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("in-effect");

        var modified = reviewer.post(path, path + "/outcome", "outcome", "modified", "reasoning", "Seven days is enough.",
                "action", "temporary-ban", "duration", "7d", "until", "");
        assertThat(modified.status()).as(modified.body()).isEqualTo(302);
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("lifted");
        String newDecision = appeals.detail(admin.account().id(), appealId).newDecisionId();
        assertThat(sanctionStatus(newDecision)).isEqualTo("in-effect");
        assertThat(admin.get(path).body()).contains("The decision is modified").contains("#decision-" + newDecision);
    }

    @Test
    void anUpheldAppealIsReopenedByAnAdminForAnotherReviewer() {
        StaffSession admin = signIn("admin", "Third Chair");
        Banned banned = banned();
        String appealId = appeals.file(banned.token(), CLIENT, "Please look again.", null);
        // Created after filing, so that the automatic assignment cannot have picked them already.
        StaffSession reviewer = signIn("appeal-reviewer", "Upholding Reviewer");
        appeals.assign(admin.account().id(), appealId, reviewer.account().email());
        String path = page(appealId);
        assertThat(admin.get(path).body()).doesNotContain("action=\"" + path + "/reopen\"");
        assertThat(reviewer.post(path, path + "/outcome", "outcome", "upheld", "reasoning", "The insults are documented.").status())
                .isEqualTo(302);
        assertThat(reviewer.get(path).body()).contains("The decision is upheld: it stands as it was.");
        assertThat(admin.get(path).body()).contains("action=\"" + path + "/reopen\"");

        // Someone else who took no part, whoever else the shared database holds.
        accounts.add(unique("second-reviewer") + "@example.org", "Second Reviewer", "appeal-reviewer");
        var reopened = admin.post(path, path + "/reopen");
        assertThat(reopened.status()).isEqualTo(302);
        assertThat(admin.get(path).body()).contains("The appeal was reopened for another reviewer.").contains("Reopened for another reviewer");
        AppealSummary summary = appeals.detail(admin.account().id(), appealId).summary();
        assertThat(summary.status()).isEqualTo("in-review");
        assertThat(summary.reviewerId()).isNotEqualTo(reviewer.account().id());
        assertThat(reviewer.get(path).status()).as("no longer theirs").isEqualTo(404);
    }

    @Test
    void aModeratorWhoIsNotTheReviewerGetsNotFound() {
        StaffSession admin = signIn("admin", "Fourth Chair");
        Banned banned = banned();
        String appealId = appeals.file(banned.token(), CLIENT, "Not fair.", null);
        StaffSession moderator = signIn("moderator", "Curious Moderator");
        assertThat(appeals.detail(admin.account().id(), appealId).summary().reviewerId()).isNotEqualTo(moderator.account().id());
        String path = page(appealId);

        assertThat(moderator.get(path).status()).isEqualTo(404);
        assertThat(moderator.get(path).body()).doesNotContain("Not fair.");
        assertThat(moderator.get("/staff/appeals").body()).doesNotContain(appealId);
        String token = Http.csrf(moderator.get("/staff").body());
        var asked = moderator.postWithout(path + "/messages", "body", "Anything to add?", "_csrf", token);
        assertThat(asked.status()).isEqualTo(404);
        var decided = moderator.postWithout(path + "/outcome", "outcome", "overturned", "reasoning", "Because.", "_csrf", token);
        assertThat(decided.status()).isEqualTo(404);
        assertThat(moderator.postWithout(path + "/reviewer", "email", moderator.account().email(), "_csrf", token).status())
                .as("only admins assign").isEqualTo(403);
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("in-effect");
        assertThat(admin.get(path).status()).isEqualTo(200);
    }

    @Test
    void formsWithoutTheirCsrfTokenAreRefused() {
        StaffSession admin = signIn("admin", "Fifth Chair");
        Banned banned = banned();
        String appealId = appeals.file(banned.token(), CLIENT, "Please.", null);
        // Created after filing, so that the automatic assignment cannot have picked them already.
        StaffSession reviewer = signIn("appeal-reviewer", "Hasty Reviewer");
        appeals.assign(admin.account().id(), appealId, reviewer.account().email());
        String path = page(appealId);

        assertThat(reviewer.postWithout(path + "/outcome", "outcome", "overturned", "reasoning", "Forged elsewhere.").status()).isEqualTo(403);
        assertThat(reviewer.postWithout(path + "/messages", "body", "Forged question.").status()).isEqualTo(403);
        assertThat(admin.postWithout(path + "/reviewer", "email", admin.account().email()).status()).isEqualTo(403);
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("in-effect");
        assertThat(reviewer.get(path).body()).doesNotContain("Forged question.");
    }
}
