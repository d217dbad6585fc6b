package org.ombuds.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.appeals.Appeals;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.Cases;
import org.ombuds.cases.CodeNames;
import org.ombuds.cases.GrantingReview;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The workspace at /staff over real HTTP, as a signed-in browser sees it: a moderator finds a new case, an overdue
 * one, the decisions awaiting their vote (not one they voted on already) and a ban that failed to apply in a space,
 * each linked to the page where it is handled; a case they are recused from appears nowhere on the page, though it
 * is new, overdue, awaits their vote and failed to apply. An appeal reviewer sees the appeals they review and no
 * other; an admin sees an appeal that waits for a reviewer.
 *
 * <p>The web tests share one database, whose other cases would crowd the page's first ten: the moderator is kept
 * (recused, through SQL) from every case this test did not make, so what the page lists is this test's.
 */
class DashboardPageTest extends WebTest {
    private static final Pattern TOKEN = Pattern.compile("oap_[A-Za-z0-9_-]+");
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    CaseLetters caseLetters;
    @Autowired
    GrantingReview caseReview;
    @Autowired
    org.ombuds.cases.Recusals recusals;
    @Autowired
    org.ombuds.cases.ConfirmingParties parties;
    @Autowired
    Decisions decisions;
    @Autowired
    Appeals appeals;
    @Autowired
    Spaces spaces;

    /** The part of the page from the heading with this id to the end of its section. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("the page has a section " + id).isPositive();
        return page.substring(start, page.indexOf("</section>", start));
    }

    private String newCase(String prefix) {
        return caseAboutConfirmed("github:" + unique(prefix));
    }

    private String name(String caseId) {
        return CodeNames.display(cases.codeName(caseId));
    }

    private void pastDeadline(String caseId, String status) {
        long past = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();
        jdbc.sql("UPDATE case_file SET status = ?, acknowledge_by = ?, decide_by = ?, next_due = ? WHERE id = ?")
                .params(status, past, past, past, caseId).update();
    }

    private Decision writtenWarning(Account proposer, String caseId) {
        return decisions.propose(cases.viewer(proposer.id()), caseId, new Decisions.Proposal("written-warning", List.of("harassment"),
                "Repeated insults in the review.", null, null, List.of(), false, null));
    }

    /** An interim ban in one space, whose step there failed; returns {sanction id, task id}. */
    private String[] failedBan(Account proposer, String caseId, String spaceSlug) {
        decisions.propose(cases.viewer(proposer.id()), caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats in the chat.", null, "P14D", List.of(spaceSlug), true, null));
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE case_id = ?").param(caseId).query(String.class).single();
        long later = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();
        jdbc.sql("UPDATE enforcement_state SET status = 'failed', attempts = 3, last_error = ?, look_at = ? WHERE sanction_id = ?")
                .params("the chat answered 503", later, sanctionId).update();
        String taskId = jdbc.sql("SELECT id FROM enforcement_state WHERE sanction_id = ?").param(sanctionId).query(String.class).single();
        return new String[] {sanctionId, taskId};
    }

    private void keepFromEveryCaseBut(Account account, List<String> caseIds) {
        jdbc.sql("""
                        INSERT INTO case_recusal (case_id, account_id, kind, recorded_by, recorded_at)
                        SELECT c.id, :me, 'declared', :me, :now FROM case_file c
                        WHERE c.id NOT IN (:mine) AND NOT EXISTS (SELECT 1 FROM case_recusal r WHERE r.case_id = c.id AND r.account_id = :me)""")
                .param("me", account.id()).param("now", System.currentTimeMillis()).param("mine", caseIds).update();
    }

    @Test
    void aModeratorSeesWhatWaitsForThemAndNothingOfACaseTheyAreRecusedFrom() {
        StaffSession moderator = signIn("moderator", "Dashboard Moderator");
        Account colleague = accounts.add(unique("colleague") + "@example.org", "Proposing Colleague", "moderator");
        String space = unique("chat");
        spaces.add(space, "chat", null, "Chat " + space);

        String fresh = newCase("new");
        String overdue = newCase("overdue");
        pastDeadline(overdue, "triage");
        String toVote = newCase("vote");
        Decision awaiting = writtenWarning(colleague, toVote);
        String voted = newCase("voted");
        Decision alreadyVoted = writtenWarning(colleague, voted);
        decisions.vote(cases.viewer(moderator.account().id()), alreadyVoted.id(), "object", "Too harsh for a first time.");
        String banned = newCase("banned");
        String[] failed = failedBan(colleague, banned, space);
        String interim = jdbc.sql("SELECT id FROM decision WHERE case_id = ?").param(banned).query(String.class).single();

        String recused = newCase("recused");
        recusals.recuse(cases.viewer(moderator.account().id()), recused, moderator.email(), null);
        pastDeadline(recused, "new");
        Decision unseen = writtenWarning(colleague, recused);
        String[] unseenTask = failedBan(colleague, recused, space);
        keepFromEveryCaseBut(moderator.account(), List.of(fresh, overdue, toVote, voted, banned));

        var page = moderator.get("/staff");
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("<h1>Committee workspace</h1>").contains("Dashboard Moderator").contains(moderator.email())
                .contains("href=\"#new-cases\"").contains("href=\"#overdue-cases\"").contains("href=\"#awaiting-vote\"")
                .contains("href=\"#enforcement\"").contains("2 decisions await your vote").contains("One overdue case")
                .contains("One enforcement step needs a person")
                .as("only admins assign reviewers").doesNotContain("id=\"appeals-waiting\"")
                .contains("href=\"/staff/cases\"").contains("href=\"/staff/audit\"").doesNotContain("style=").doesNotContainPattern(OTHER_SCRIPT);

        assertThat(section(body, "new-cases")).contains("href=\"/staff/cases/" + fresh + "\"").contains(name(fresh))
                .contains("href=\"/staff/cases/" + toVote + "\"").contains("href=\"/staff/cases?status=new\"")
                .as("acknowledged already").doesNotContain(overdue);
        assertThat(section(body, "overdue-cases")).contains("href=\"/staff/cases/" + overdue + "\"").contains(name(overdue))
                .contains(">overdue</strong>").doesNotContain(fresh);
        assertThat(section(body, "awaiting-vote"))
                .contains("href=\"/staff/cases/" + toVote + "/decisions#decision-" + awaiting.id() + "\"")
                .contains("Case " + name(toVote) + ": written warning")
                .contains("href=\"/staff/cases/" + banned + "/decisions#decision-" + interim + "\"")
                .contains("Case " + name(banned) + ": temporary ban").contains("interim measure in effect")
                .as("voted on already").doesNotContain(alreadyVoted.id()).doesNotContain(voted);
        assertThat(section(body, "enforcement"))
                .contains("href=\"/staff/sanctions/" + failed[0] + "/enforcement#task-" + failed[1] + "\"")
                .contains("Case " + name(banned) + ": apply the ban in " + space).contains("the chat answered 503");
        assertThat(section(body, "my-appeals")).contains("No open appeal is assigned to you.");

        assertThat(body).as("a recused member meets the case nowhere").doesNotContain(recused).doesNotContain(name(recused))
                .doesNotContain(unseen.id()).doesNotContain(unseenTask[0]).doesNotContain(unseenTask[1]);
        // The same member, recused from the case, gets 404 where the dashboard's links would lead.
        assertThat(moderator.get("/staff/cases/" + recused).status()).isEqualTo(404);
    }

    /** A written warning in effect on a case about a person with an address (proposer and approver decided it); returns the case id and the appeal link. */
    private String[] warned() {
        Account proposer = accounts.add(unique("proposer") + "@example.org", "Proposing Moderator", "moderator");
        Account approver = accounts.add(unique("approver") + "@example.org", "Approving Moderator", "moderator");
        String caseId = caseAboutConfirmed("email:" + unique("person") + "@example.net");
        Decision decision = writtenWarning(proposer, caseId);
        decision = decisions.vote(cases.viewer(approver.id()), decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(decision.id()).query(String.class).single();
        String letter = await().atMost(Duration.ofSeconds(30))
                .until(() -> caseLetters.committeeLetter("sanction:" + sanctionId + ":decided"), Optional::isPresent).orElseThrow();
        Matcher token = TOKEN.matcher(letter);
        assertThat(token.find()).as("the letter carries a personal appeal link").isTrue();
        return new String[] {caseId, token.group()};
    }

    /** Assigns the appeal to this reviewer, unless the automatic assignment picked them already. */
    private void assign(Account admin, String appealId, Account reviewer) {
        List<String> current = jdbc.sql("SELECT reviewer_id FROM appeal WHERE id = ?").param(appealId).query(String.class).list();
        if (!current.contains(reviewer.id())) appeals.assign(admin.id(), appealId, reviewer.email());
    }

    private String appeal(String[] warned) {
        return appeals.file(warned[1], "192.0.2.9", "I was quoting the maintainer, not insulting anyone.", null);
    }

    @Test
    void anAppealReviewerSeesOnlyTheAppealsTheyReviewAndAnAdminTheOnesWaitingForAReviewer() {
        StaffSession reviewer = signIn("appeal-reviewer", "Dashboard Reviewer");
        Account other = accounts.add(unique("reviewer") + "@example.org", "Other Reviewer", "appeal-reviewer");
        StaffSession admin = signIn("admin", "Dashboard Admin");

        String[] mineWarned = warned();
        String mine = appeal(mineWarned);
        assign(admin.account(), mine, reviewer.account());
        String theirs = appeal(warned());
        assign(admin.account(), theirs, other);
        String[] waitingWarned = warned();
        String waiting = appeal(waitingWarned);
        // As it stands when nobody was eligible: the shared database always holds someone, so the assignment is undone.
        caseReview.revokeReview(waitingWarned[0], waiting);
        jdbc.sql("UPDATE appeal SET status = ?, reviewer_id = NULL, assigned_at = NULL WHERE id = ?")
                .params(Appeals.AWAITING_REVIEWER, waiting).update();

        var page = reviewer.get("/staff");
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        assertThat(section(body, "my-appeals")).contains("href=\"/staff/appeals/" + mine + "\"")
                .contains("Appeal on case " + name(mineWarned[0])).contains("href=\"/staff/appeals\"");
        assertThat(body).contains("One appeal for you to review").doesNotContain(theirs).doesNotContain(waiting)
                .as("reviewers neither vote nor enforce").doesNotContain("id=\"awaiting-vote\"").doesNotContain("id=\"enforcement\"")
                .doesNotContain("id=\"appeals-waiting\"");

        String adminPage = admin.get("/staff").body();
        assertThat(section(adminPage, "appeals-waiting")).contains("href=\"/staff/appeals/" + waiting + "\"")
                .doesNotContain(mine).doesNotContain(theirs);
        assertThat(section(adminPage, "my-appeals")).contains("No open appeal is assigned to you.");
        assertThat(adminPage).contains("href=\"/staff/letters\"");
    }
}
