package org.ombuds;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Media;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.cases.CaseQueue;
import org.ombuds.cases.Cases;
import org.ombuds.support.Browser;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.StaffSession;
import org.ombuds.support.TwoApprovals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One incident from end to end, in headless chromium, through the pages alone: a reporter files anonymously; a
 * moderator triages and proposes a temporary ban; a second approves it; the letter Ombuds could not email (no address
 * is known) is handed over from the case page, and the reported person appeals from its link; a moderator recused
 * from the case cannot reach it by any page; the case prints as a summary without its forms; the reporter follows
 * up with the receipt and reads the outcome.
 *
 * <p>Two approvals make a temporary ban ({@link TwoApprovals}), as in the appeal, decision and accessibility tests, whose server it shares.
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
@TwoApprovals
class CommitteeJourneyBrowserTest extends BrowserWebTest {
    private static final Pattern APPEAL_LINK = Pattern.compile("https?://\\S+(/appeal/oap_[A-Za-z0-9_-]+)");
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    CaseQueue caseQueue;
    @Autowired
    org.ombuds.cases.Recusals recusals;
    @Autowired
    org.ombuds.cases.ConfirmingParties parties;

    private Account staff(String role, String name) {
        Account account = accounts.add(unique(role) + "@example.org", name, role);
        accounts.setPassword(account.id(), StaffSession.PASSWORD);
        return account;
    }

    private Page signIn(Account account, List<String> problems) {
        return Browser.signIn(Browser.watched(browser.newPage(), problems), url(""), account.email());
    }

    @Test
    void aReportBecomesABanThatIsAppealedWhileARecusedModeratorSeesNothingOfIt() {
        List<String> problems = new ArrayList<>();
        // The committee as it stands when the report arrives: its members decide the case.
        Account first = staff("moderator", "Triaging Moderator");
        Account second = staff("moderator", "Approving Moderator");
        Account recused = staff("moderator", "Recused Moderator");
        Account admin = staff("admin", "Journey Admin");
        String handle = "github:" + unique("journey");
        String what = "Posted my home address in the project chat after I closed their pull request.";

        // The reporter files anonymously and keeps the receipt.
        Page reporter = Browser.watched(browser.newPage(), problems);
        reporter.navigate(url("/report"));
        reporter.getByLabel("Which part of the Code does it concern?").selectOption("doxing-privacy");
        reporter.getByLabel("What happened", new Page.GetByLabelOptions().setExact(true)).fill(what);
        reporter.getByLabel("Their usernames (optional)").fill(handle);
        reporter.getByLabel("Yes, do not record who I am").check();
        reporter.getByRole(AriaRole.BUTTON, named("Send the report")).click();
        assertThat(reporter.getByRole(AriaRole.HEADING, named("Your report is stored"))).isVisible();
        String receipt = reporter.locator("#receipt").textContent().strip();
        String reportId = jdbc.sql("SELECT id FROM report ORDER BY received_at DESC LIMIT 1").query(String.class).single();
        String caseId = jdbc.sql("SELECT case_id FROM case_report WHERE report_id = ?").param(reportId).query(String.class).single();

        recusals.recuse(cases.viewer(admin.id()), caseId, recused.email(), "knows the people involved");
        String name = caseQueue.summary(cases.viewer(first.id()), caseId).name();

        // The first moderator finds the case in the queue, triages it and proposes a two-week ban.
        Page moderator = signIn(first, problems);
        moderator.getByRole(AriaRole.LINK, named("Cases")).click();
        moderator.getByLabel("Code name or id").fill(name);
        moderator.getByLabel("Code name or id").press("Enter");
        moderator.getByRole(AriaRole.LINK, named(name)).click();
        assertThat(moderator.getByText(what)).isVisible();
        moderator.getByLabel("Change the status").selectOption("triage");
        moderator.getByRole(AriaRole.BUTTON, named("Change status")).click();
        assertThat(moderator.getByRole(AriaRole.STATUS)).hasText("The status was changed.");
        // What the report names is a claim: the moderator confirms, under the report, who the case is about and why.
        Locator claims = moderator.locator("form.claims-form");
        assertThat(claims.getByRole(AriaRole.CHECKBOX)).isChecked();
        claims.getByLabel("How you know these are theirs").fill("The chat log shows this account posting the address.");
        claims.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Confirm as the person reported")).click();
        assertThat(moderator.getByRole(AriaRole.STATUS)).hasText("The person was confirmed on the case.");
        assertThat(moderator.locator("ul.parties")).containsText(handle);
        Browser.screenshot(moderator, "journey-case-confirmed");
        moderator.getByRole(AriaRole.LINK, named("Decisions")).first().click();
        moderator.getByLabel("Action", exactly()).selectOption("temporary-ban");
        moderator.getByLabel("Doxing and Privacy Violations", exactly()).check();
        moderator.getByLabel("Or a duration", exactly()).fill("14d");
        moderator.getByLabel("Reasoning", exactly()).fill("Publishing a member's home address is a grave privacy violation.");
        moderator.getByLabel("What to tell the reporters (optional)", exactly()).fill("The person is suspended from the project spaces for two weeks.");
        moderator.getByRole(AriaRole.BUTTON, named("Propose the decision")).click();
        assertThat(moderator.getByRole(AriaRole.STATUS)).hasText("The decision was proposed and awaits approval.");

        // A second moderator approves: the ban is in effect.
        Page approver = signIn(second, problems);
        approver.navigate(url("/staff/cases/" + caseId + "/decisions"));
        approver.getByRole(AriaRole.BUTTON, named("Approve")).click();
        assertThat(approver.getByRole(AriaRole.STATUS)).hasText("Your approval was recorded; the decision is in effect.");

        // Ombuds knows no address for the person: the case shows the letter to hand over, with its appeal link.
        moderator.navigate(url("/staff/cases/" + caseId));
        Locator letter = moderator.locator("article.letter").filter(new Locator.FilterOptions().setHasText("appeal"));
        assertThat(letter.first()).containsText("Not sent");
        Matcher link = APPEAL_LINK.matcher(letter.first().textContent());
        assertThat(link.find()).as("the letter carries the personal appeal link").isTrue();
        assertThat(letter.first()).not().containsText(receipt);
        Browser.screenshot(moderator, "journey-case-letter");

        // Printed, the case is a summary: marked confidential, without its forms and navigation.
        moderator.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
        assertThat(moderator.locator("p.confidential")).isVisible();
        assertThat(moderator.locator("p.confidential")).containsText("Confidential: for the conduct committee only.");
        assertThat(moderator.locator("main form").first()).isHidden();
        assertThat(moderator.locator(".site-header")).isHidden();
        assertThat(moderator.getByText(what)).isVisible();
        Browser.screenshot(moderator, "journey-case-printed");
        moderator.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));
        assertThat(moderator.locator("p.confidential")).isHidden();

        // The person appeals from that link.
        Page person = Browser.watched(browser.newPage(), problems);
        person.navigate(url(link.group(1)));
        assertThat(person.getByRole(AriaRole.HEADING, named("Your appeal"))).isVisible();
        person.getByLabel("Why you believe the decision is wrong", exactly()).fill("The address was already public on my own website.");
        person.getByRole(AriaRole.BUTTON, named("Send the appeal")).click();
        assertThat(person.getByRole(AriaRole.STATUS)).containsText("Your appeal was sent.");

        // The recused moderator reaches the case by no page: not the case, its decisions, the queue or search.
        List<String> refusals = new ArrayList<>();
        Page outsider = signIn(recused, refusals);
        outsider.navigate(url("/staff/cases/" + caseId));
        assertThat(outsider.getByRole(AriaRole.HEADING, named("Case " + name))).hasCount(0);
        assertThat(outsider.locator("p.problem")).containsText("404");
        outsider.navigate(url("/staff/cases/" + caseId + "/decisions"));
        assertThat(outsider.locator("p.problem")).containsText("404");
        outsider.navigate(url("/staff/cases?status=all"));
        outsider.getByLabel("Code name or id").fill(name);
        outsider.getByLabel("Code name or id").press("Enter");
        assertThat(outsider.getByRole(AriaRole.LINK, named(name))).hasCount(0);
        assertThat(outsider.getByText(what)).hasCount(0);
        Browser.screenshot(outsider, "journey-recused-search");
        assertThat(refusals).as("the browser saw only the two 404 answers").hasSize(2)
                .allMatch(message -> message.contains("status of 404"));

        // The reporter follows up and reads what the committee chose to tell.
        Page later = Browser.watched(browser.newPage(), problems);
        later.navigate(url("/receipt"));
        later.getByLabel("Receipt").fill(receipt);
        later.getByRole(AriaRole.BUTTON, named("Show my report")).click();
        assertThat(later.getByText("The person is suspended from the project spaces for two weeks.")).isVisible();
        assertThat(later.locator("main")).containsText("decided");
        Browser.screenshot(later, "journey-receipt-outcome");
        assertThat(problems).as("console errors (a refused inline style or script shows here)").isEmpty();
    }
}
