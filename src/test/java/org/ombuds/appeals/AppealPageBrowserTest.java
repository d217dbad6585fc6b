package org.ombuds.appeals;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.cases.CaseQueue;
import org.ombuds.cases.Cases;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.Browser;
import org.ombuds.support.StaffSession;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.TwoApprovals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sanctioned person's appeal page in headless chromium, from the link in their letter to the outcome: the
 * decision as the letter told it, an empty statement refused (field marked, the evidence typed kept), the appeal
 * filed, the reviewer's question (asked on the staff page) answered, and after the reviewer overturns the ban the
 * outcome and reasoning on the same page. The page also works with JavaScript disabled, and the strict
 * Content-Security-Policy refuses nothing on the way. Same quorum settings as {@link AppealStaffPagesTest} ({@link TwoApprovals}).
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
@TwoApprovals
class AppealPageBrowserTest extends BrowserWebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    org.ombuds.cases.CaseLetters caseLetters;
    @Autowired
    CaseQueue queue;
    @Autowired
    Decisions decisions;
    @Autowired
    org.ombuds.cases.ConfirmingParties parties;
    @Autowired
    Appeals appeals;

    private AppealStaffPagesTest.Banned banned() {
        return AppealStaffPagesTest.ban(new AppealStaffPagesTest.WebTestAccess(accounts, intake, jdbc, cases, decisions, parties, caseLetters));
    }

    private Page signIn(Account account, List<String> problems) {
        return Browser.signIn(Browser.watched(browser.newPage(), problems), url(""), account.email());
    }

    private String appealOf(String decisionId) {
        return jdbc.sql("SELECT id FROM appeal WHERE decision_id = ?").param(decisionId).query(String.class).single();
    }

    @Test
    void theSanctionedPersonAppealsAnswersTheReviewerAndReadsTheOutcome() {
        AppealStaffPagesTest.Banned banned = banned();
        Account admin = accounts.add(unique("admin") + "@example.org", "Appeal Chair", "admin");
        String caseName = queue.summary(cases.viewer(admin.id()), banned.caseId()).name();
        List<String> problems = new ArrayList<>();

        // The person opens the link from their letter: no account, the decision as the letter told it.
        Page person = Browser.watched(browser.newPage(), problems);
        person.navigate(url("/appeal/" + banned.token()));
        assertThat(person.getByRole(AriaRole.HEADING, named("Your appeal"))).isVisible();
        assertThat(person.getByRole(AriaRole.HEADING, named("The decision"))).isVisible();
        assertThat(person.locator(".letter-text")).containsText("suspend you temporarily");
        assertThat(person.getByText("You can appeal until")).isVisible();
        Browser.screenshot(person, "appeal-form");

        // An empty statement is refused: the field is marked and the evidence typed is kept.
        person.getByLabel("Evidence (optional)", exactly()).fill("https://example.net/thread/9");
        person.getByRole(AriaRole.BUTTON, named("Send the appeal")).click();
        Locator statement = person.getByLabel("Why you believe the decision is wrong", exactly());
        assertThat(statement).hasAttribute("aria-invalid", "true");
        assertThat(person.locator("#error-statement")).hasText("this is required");
        assertThat(person.getByLabel("Evidence (optional)", exactly())).hasValue("https://example.net/thread/9");

        statement.fill("I was quoting a line from a film; nobody was insulted.");
        person.getByRole(AriaRole.BUTTON, named("Send the appeal")).click();
        assertThat(person.getByRole(AriaRole.STATUS)).containsText("Your appeal was sent.");
        assertThat(person.getByText("I was quoting a line from a film; nobody was insulted.")).isVisible();
        assertThat(person.getByRole(AriaRole.BUTTON, named("Send the appeal"))).hasCount(0);
        Browser.screenshot(person, "appeal-filed");

        String appealId = appealOf(banned.decisionId());
        // Created after filing, so that the automatic assignment cannot have picked them already.
        Account reviewer = accounts.add(unique("appeal-reviewer") + "@example.org", "Browser Reviewer", "appeal-reviewer");
        accounts.setPassword(reviewer.id(), StaffSession.PASSWORD);
        appeals.assign(admin.id(), appealId, reviewer.email());

        // The reviewer finds the appeal through the navigation and asks a question.
        Page staff = signIn(reviewer, problems);
        staff.getByRole(AriaRole.LINK, named("Appeals")).click();
        assertThat(staff.getByRole(AriaRole.HEADING, named("Appeals"))).isVisible();
        staff.getByRole(AriaRole.LINK, named("Appeal on " + caseName)).click();
        assertThat(staff.getByRole(AriaRole.HEADING, named("Appeal on case " + caseName))).isVisible();
        assertThat(staff.getByText("I was quoting a line from a film; nobody was insulted.")).isVisible();
        assertThat(staff.getByText("read access for this appeal only; every read is recorded")).isVisible();
        staff.getByLabel("Ask the appellant", exactly()).fill("Which film were you quoting?");
        staff.getByRole(AriaRole.BUTTON, named("Send the question")).click();
        assertThat(staff.getByRole(AriaRole.STATUS)).hasText("Your question was sent to the appellant.");

        // The question appears on the person's page; they answer.
        person.reload();
        Locator messages = person.locator("ol.messages");
        assertThat(messages).containsText("The reviewer");
        assertThat(messages).containsText("Which film were you quoting?");
        person.getByLabel("Write to the reviewer", exactly()).fill("Pulp Fiction, the scene in the diner.");
        person.getByRole(AriaRole.BUTTON, named("Send")).click();
        assertThat(person.getByRole(AriaRole.STATUS)).hasText("Your message was sent to the reviewer.");
        assertThat(person.locator("ol.messages li")).hasCount(2);

        // The reviewer reads the answer and overturns the ban.
        staff.reload();
        assertThat(staff.locator("ol.messages").first()).containsText("Pulp Fiction, the scene in the diner.");
        staff.getByLabel("Overturned: the measure is lifted everywhere", exactly()).check();
        staff.getByLabel("Reasoning", exactly()).fill("The words were a quotation from a film, not an insult aimed at anyone.");
        Browser.screenshot(staff, "staff-appeal-decide");
        staff.getByRole(AriaRole.BUTTON, named("Record the outcome")).click();
        assertThat(staff.getByRole(AriaRole.STATUS)).containsText("the decision is overturned");
        assertThat(staff.getByText("The decision is overturned: the measure is lifted everywhere.")).isVisible();
        Browser.screenshot(staff, "staff-appeal");

        person.reload();
        assertThat(person.getByRole(AriaRole.HEADING, named("Outcome"))).isVisible();
        assertThat(person.getByText("The decision is overturned: the measure is lifted everywhere.")).isVisible();
        assertThat(person.getByText("The words were a quotation from a film, not an insult aimed at anyone.")).isVisible();
        assertThat(person.getByText("This decision was overturned and no longer applies.")).isVisible();
        assertThat(person.getByLabel("Write to the reviewer", exactly())).hasCount(0);
        Browser.screenshot(person, "appeal-decided");
        assertThat(jdbc.sql("SELECT status FROM sanction WHERE decision_id = ?").param(banned.decisionId()).query(String.class).single())
                .isEqualTo("overturned");
        assertThat(problems).as("console errors (a refused inline style or script shows here)").isEmpty();
    }

    @Test
    void thePageWorksWithJavaScriptDisabled() {
        AppealStaffPagesTest.Banned banned = banned();
        Page probe = browser.newPage();
        Page person = probe.context().browser().newContext(new NewContextOptions().setViewportSize(1100, 900).setJavaScriptEnabled(false))
                .newPage();
        probe.context().close();
        person.navigate(url("/appeal/" + banned.token()));
        assertThat(person.getByRole(AriaRole.HEADING, named("Your appeal"))).isVisible();

        person.getByLabel("Evidence (optional)", exactly()).fill("Screenshots on request.");
        person.getByRole(AriaRole.BUTTON, named("Send the appeal")).click();
        assertThat(person.getByLabel("Why you believe the decision is wrong", exactly())).hasAttribute("aria-invalid", "true");
        assertThat(person.getByLabel("Evidence (optional)", exactly())).hasValue("Screenshots on request.");

        person.getByLabel("Why you believe the decision is wrong", exactly()).fill("Thirty days is out of proportion.");
        person.getByRole(AriaRole.BUTTON, named("Send the appeal")).click();
        assertThat(person.getByRole(AriaRole.STATUS)).containsText("Your appeal was sent.");
        person.getByLabel("Write to the reviewer", exactly()).fill("One more thing: it was a first offence.");
        person.getByRole(AriaRole.BUTTON, named("Send")).click();
        assertThat(person.getByRole(AriaRole.STATUS)).hasText("Your message was sent to the reviewer.");
        assertThat(person.locator("ol.messages")).containsText("One more thing: it was a first offence.");
        person.context().close();
    }
}
