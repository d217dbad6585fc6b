package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.TwoApprovals;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The decision and sanction pages over real HTTP as a signed-in browser sees them: proposing through the form,
 * refused proposals coming back with what was typed and the field marked, a second moderator's approval, the
 * sanctions list, recusal (404), a role that does not decide (403) and a form without its CSRF token (403).
 * The shared web database holds many staff accounts, so the quorum is a fixed number here ({@link TwoApprovals}).
 */
@TwoApprovals
class DecisionPagesTest extends WebTest {
        private static final Pattern VOTE_FORM = Pattern.compile("action=\"/staff/cases/[^/\"]+/decisions/([^/\"]+)/votes\"");
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Spaces spaces;



    private String caseAbout(String handle) {
        return caseAboutConfirmed(handle);
    }

    private static String decisionsPath(String caseId) {
        return "/staff/cases/" + caseId + "/decisions";
    }

    private int decisionCount(String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM decision WHERE case_id = ?").param(caseId).query(Integer.class).single();
    }

    @Test
    void aModeratorProposesAWrittenWarningASecondApprovesAndTheSanctionIsListed() {
        StaffSession first = signIn("moderator", "First Moderator");
        StaffSession second = signIn("moderator", "Second Moderator");
        String handle = "github:" + unique("subject");
        String caseId = caseAbout(handle);
        String page = decisionsPath(caseId);
        String forum = unique("forum");
        spaces.add(forum, "forum", null, "Forum " + forum);

        assertThat(first.get("/staff/cases/" + caseId).body()).as("the case page links to its decisions")
                .contains("href=\"" + page + "\"");
        var empty = first.get(page);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No decision has been proposed on this case yet.")
                .contains("<option value=\"correction\" selected=\"selected\">Correction (suggested by the ladder)</option>")
                .contains("<option value=\"no-action\">No action</option>").contains("value=\"temporary-ban\"")
                .contains("name=\"clauses\" value=\"harassment\"").contains("Insults and Personal Attacks")
                .contains("name=\"spaces\" value=\"" + forum + "\"")
                .contains("The people this case is about have no sanctions you can see.")
                .contains("Departing from it needs reasoning.").contains("href=\"/staff/sanctions\"")
                .doesNotContainPattern(OTHER_SCRIPT).doesNotContain("style=");

        String reasoning = unique("Insults after a correction in the review thread");
        var proposed = first.post(page, page, "action", "written-warning", "clauses", "harassment", "clauses", "insults-personal-attacks",
                "reasoning", reasoning, "conditions", "Apologise to the reporter first.", "noContact", "github:" + unique("reporter"),
                "tellReporter", "The committee acted on your report.", "toSubject", "Keep review comments about the code.", "until", "", "duration", "", "supersedes", "", "spaces", forum);
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(302);
        assertThat(proposed.header("Location")).endsWith(page);

        var awaiting = first.get(page);
        assertThat(awaiting.body()).contains("The decision was proposed and awaits approval.").contains(reasoning)
                .contains("Decision 1: Written Warning, awaiting approval").contains("1 of 2 needed")
                .contains("Harassment, Insults and Personal Attacks").contains("Apologise to the reporter first.").contains("Forum " + forum)
                .contains("Keep review comments about the code.")
                .contains("First Moderator approved").contains("You have voted on this decision.")
                .contains("Correction").contains("Written Warning was chosen instead")
                .doesNotContain("/votes\"");
        assertThat(first.get(page).body()).as("the notice shows once").doesNotContain("awaits approval.</p>");

        var secondView = second.get(page);
        Matcher form = VOTE_FORM.matcher(secondView.body());
        assertThat(form.find()).as("the second moderator may vote").isTrue();
        String decisionId = form.group(1);
        String votes = page + "/" + decisionId + "/votes";
        var approved = second.post(page, votes, "vote", "approve", "comment", "Agreed: the correction did not help.");
        assertThat(approved.status()).isEqualTo(302);
        assertThat(approved.header("Location")).endsWith(page);
        var inEffect = second.get(page);
        assertThat(inEffect.body()).contains("Your approval was recorded; the decision is in effect.")
                .contains("Decision 1: Written Warning, in effect").contains("2 of 2 needed").contains("Second Moderator approved")
                .contains("Agreed: the correction did not help.").contains("In effect since").doesNotContain("/votes\"");
        var again = second.postWithout(votes, "vote", "object");
        assertThat(again.status()).as("no CSRF token").isEqualTo(403);

        var sanctions = first.get("/staff/sanctions?subject=" + handle);
        assertThat(sanctions.status()).isEqualTo(200);
        assertThat(sanctions.body()).contains("<h1>Sanctions</h1>").contains("Written Warning").contains(handle).contains("in effect")
                .contains("no end").contains("Forum " + forum).contains("href=\"/staff/cases/" + caseId + "\"").contains("#decision-" + decisionId)
                .doesNotContain("No sanctions match.");
        assertThat(first.get("/staff/sanctions").body()).as("active ones by default").contains(handle);
        // The person has no email address: the letter is kept on the case for the committee to hand over.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> first.get("/staff/cases/" + caseId).body().contains("Written warning from"));
        assertThat(first.get("/staff/cases/" + caseId).body()).contains("Not sent: Ombuds knows no email address")
                .contains("Keep review comments about the code.").contains("If the behaviour is repeated");
        assertThat(first.get("/staff/sanctions?all=true&subject=" + handle).body()).contains("All sanctions, newest first").contains(handle);
        assertThat(first.get("/staff/sanctions?subject=github:" + unique("nobody")).body()).contains("No sanctions match.");
        var badHandle = first.get("/staff/sanctions?subject=myspace:someone");
        assertThat(badHandle.status()).isEqualTo(400);
        assertThat(badHandle.body()).contains("id=\"error-subject\"").contains("aria-invalid=\"true\"").contains("value=\"myspace:someone\"");
    }

    @Test
    void aRefusedProposalComesBackWithWhatWasTypedAndTheFieldMarked() {
        StaffSession moderator = signIn("moderator", "Careful Moderator");
        String caseId = caseAbout("github:" + unique("subject"));
        String page = decisionsPath(caseId);

        String conditions = unique("Stay out of the chat for a while");
        var noReasoning = moderator.post(page, page, "action", "correction", "clauses", "doxing-privacy", "reasoning", "   ",
                "conditions", conditions);
        assertThat(noReasoning.status()).isEqualTo(400);
        assertThat(noReasoning.body()).contains("id=\"error-summary\"").contains("href=\"#decision-reasoning\"")
                .containsPattern("<textarea id=\"decision-reasoning\" name=\"reasoning\"[^>]*aria-invalid=\"true\"[^>]*"
                        + "aria-describedby=\"decision-reasoning-hint error-decision-reasoning\"")
                .contains("id=\"error-decision-reasoning\">the reasoning is required")
                .contains(">" + conditions + "</textarea>")
                .contains("<option value=\"correction\" selected=\"selected\">")
                .containsPattern("name=\"clauses\" value=\"doxing-privacy\" checked=\"checked\"");

        String reasoning = unique("Posted the reporter's home address");
        var noClauses = moderator.post(page, page, "action", "written-warning", "reasoning", reasoning, "duration", "14d");
        assertThat(noClauses.status()).isEqualTo(400);
        assertThat(noClauses.body()).contains("href=\"#decision-clauses\"").contains("id=\"error-decision-clauses\"")
                .containsPattern("<fieldset class=\"choices invalid\" id=\"decision-clauses\"")
                .containsPattern("name=\"clauses\" value=\"harassment\"\\s+aria-invalid=\"true\" aria-describedby=\"error-decision-clauses\"")
                .contains(">" + reasoning.replace("'", "&#39;") + "</textarea>").contains("value=\"14d\"")
                .contains("<option value=\"written-warning\" selected=\"selected\">");

        var badEnd = moderator.post(page, page, "action", "temporary-ban", "clauses", "harassment", "reasoning", reasoning,
                "duration", "a fortnight");
        assertThat(badEnd.status()).isEqualTo(400);
        assertThat(badEnd.body()).contains("href=\"#decision-duration\"").contains("value=\"a fortnight\"")
                .containsPattern("<input id=\"decision-duration\" name=\"duration\"[^>]*aria-invalid=\"true\"");
        assertThat(decisionCount(caseId)).as("nothing was stored").isZero();
    }

    @Test
    void aRecusedModeratorGetsNotFoundAndAnAppealReviewerIsRefused() {
        StaffSession admin = signIn("admin", "Chair");
        StaffSession moderator = signIn("moderator", "Recused Moderator");
        StaffSession reviewer = signIn("appeal-reviewer", "Reviewer");
        String caseId = caseAbout("github:" + unique("subject"));
        String page = decisionsPath(caseId);
        assertThat(moderator.get(page).status()).isEqualTo(200);
        String formToken = Http.csrf(moderator.get(page).body());

        var recused = admin.post("/staff/cases/" + caseId, "/staff/cases/" + caseId + "/recusals", "email", moderator.account().email(),
                "reason", "a friend of the reported person");
        assertThat(recused.status()).isEqualTo(302);

        assertThat(moderator.get(page).status()).isEqualTo(404);
        var proposal = moderator.postWithout(page, "action", "correction", "clauses", "harassment", "reasoning", "still here?",
                "_csrf", formToken);
        assertThat(proposal.status()).isEqualTo(404);
        assertThat(proposal.body()).doesNotContain("still here?");
        assertThat(decisionCount(caseId)).isZero();
        assertThat(reviewer.get(page).status()).as("a reviewer not on the case does not see it").isEqualTo(404);
        var assigned = admin.post("/staff/cases/" + caseId, "/staff/cases/" + caseId + "/assignees", "email", reviewer.account().email());
        assertThat(assigned.status()).isEqualTo(302);
        assertThat(reviewer.get("/staff/cases/" + caseId).body()).as("no link to a page they may not use").doesNotContain("href=\"" + page + "\"");
        assertThat(reviewer.get(page).status()).as("an appeal reviewer on the case does not decide it").isEqualTo(403);
        assertThat(admin.get(page).status()).isEqualTo(200);
    }

    @Test
    void aProposalWithoutItsCsrfTokenIsRefused() {
        StaffSession moderator = signIn("moderator", "Hasty Moderator");
        String caseId = caseAbout("github:" + unique("subject"));
        String page = decisionsPath(caseId);
        var forged = moderator.postWithout(page, "action", "correction", "clauses", "harassment", "reasoning", "Forged elsewhere.");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(decisionCount(caseId)).isZero();
    }
}
