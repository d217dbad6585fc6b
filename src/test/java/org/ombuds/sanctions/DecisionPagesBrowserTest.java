package org.ombuds.sanctions;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.cases.CaseQueue;
import org.ombuds.cases.Cases;
import org.ombuds.intake.Intake;
import org.ombuds.support.Browser;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.StaffSession;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.TwoApprovals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two moderators decide a temporary ban in headless chromium: one proposes it with a duration from the case's
 * decisions page, the other approves it there, and it shows in effect on the sanctions page. The strict
 * Content-Security-Policy must refuse nothing on the way. Same quorum settings as {@link DecisionPagesTest} ({@link TwoApprovals}).
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
@TwoApprovals
class DecisionPagesBrowserTest extends BrowserWebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    CaseQueue queue;

    private Account moderator(String name) {
        Account account = accounts.add(unique("moderator") + "@example.org", name, "moderator");
        accounts.setPassword(account.id(), StaffSession.PASSWORD);
        return account;
    }

    /** A fresh browser profile signed in as this account, reporting console errors to problems. */
    private Page signIn(Account account, List<String> problems) {
        return Browser.signIn(Browser.watched(browser.newPage(), problems), url(""), account.email());
    }

    @Test
    void aTemporaryBanIsProposedApprovedAndListedInEffect() {
        Account proposer = moderator("Proposing Moderator");
        Account approver = moderator("Approving Moderator");
        String handle = "github:" + unique("subject");
        String caseId = caseAboutConfirmed(handle);
        String name = queue.summary(cases.viewer(proposer.id()), caseId).name();
        List<String> problems = new ArrayList<>();

        Page page = signIn(proposer, problems);
        page.navigate(url("/staff/cases/" + caseId));
        assertThat(page.getByRole(AriaRole.HEADING, named("Case " + name))).isVisible();
        page.getByRole(AriaRole.LINK, named("Decisions")).first().click();
        assertThat(page.getByRole(AriaRole.HEADING, named("Decisions on case " + name))).isVisible();
        assertThat(page.getByText("The ladder of the Code suggests: Correction.")).isVisible();

        // First without reasoning: the form comes back with the choices kept and the field marked.
        page.getByLabel("Action", exactly()).selectOption("temporary-ban");
        page.getByLabel("Harassment", exactly()).check();
        page.getByLabel("Or a duration", exactly()).fill("14d");
        page.getByRole(AriaRole.BUTTON, named("Propose the decision")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("the reasoning is required");
        Locator reasoning = page.getByLabel("Reasoning", exactly());
        assertThat(reasoning).hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel("Or a duration", exactly())).hasValue("14d");
        assertThat(page.getByLabel("Harassment", exactly())).isChecked();
        Browser.screenshot(page, "decision-refused");

        reasoning.fill("Threats in the project chat after a written warning; the ladder's correction is not enough.");
        page.getByRole(AriaRole.BUTTON, named("Propose the decision")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The decision was proposed and awaits approval.");
        Locator decision = page.locator("article").first();
        assertThat(decision.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setLevel(3))).hasText("Decision 1: Temporary Ban, awaiting approval");
        assertThat(decision).containsText("1 of 2 needed");
        assertThat(decision).containsText("14 days");
        assertThat(decision).containsText("Temporary Ban was chosen instead");
        Browser.screenshot(page, "decision-proposed");

        Page other = signIn(approver, problems);
        other.navigate(url("/staff/cases/" + caseId + "/decisions"));
        other.getByLabel("Comment (optional)").fill("Agreed; two weeks away from the project spaces.");
        other.getByRole(AriaRole.BUTTON, named("Approve")).click();
        assertThat(other.getByRole(AriaRole.STATUS)).hasText("Your approval was recorded; the decision is in effect.");
        decision = other.locator("article").first();
        assertThat(decision.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setLevel(3))).hasText("Decision 1: Temporary Ban, in effect");
        assertThat(decision).containsText("2 of 2 needed");
        assertThat(decision).containsText("Agreed; two weeks away from the project spaces.");
        assertThat(other.getByRole(AriaRole.BUTTON, named("Approve"))).hasCount(0);
        Browser.screenshot(other, "decision-in-effect");

        other.getByRole(AriaRole.LINK, named("Sanctions")).click();
        assertThat(other.getByRole(AriaRole.HEADING, named("Sanctions"))).isVisible();
        other.getByLabel("Handle of the person").fill(handle);
        other.getByRole(AriaRole.BUTTON, named("Show sanctions")).click();
        Locator row = other.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(handle));
        assertThat(row).hasCount(1);
        assertThat(row).containsText("Temporary Ban");
        assertThat(row).containsText("in effect");
        assertThat(row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name).setExact(true))).isVisible();
        Browser.screenshot(other, "sanctions");
        assertThat(problems).as("console errors (a refused inline style or script shows here)").isEmpty();
    }
}
