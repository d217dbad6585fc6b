package org.ombuds.cases;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.intake.Intake;
import org.ombuds.support.Browser;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The committee's pages for claims, parties and recusals in headless chromium, at a phone's width and a desk's: a
 * report naming a committee member and a known person; the claims under the report, confirmed with a reason; the
 * member kept out until an admin lifts it; a decision the committee as it stands cannot reach; a member who joined
 * later; declaring a conflict with a reason. The strict Content-Security-Policy refuses nothing on the way.
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
class ClaimsAndRecusalsPagesBrowserTest extends BrowserWebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    private Account staff(String role, String name) {
        Account account = accounts.add(unique(role) + "@example.org", name, role);
        accounts.setPassword(account.id(), StaffSession.PASSWORD);
        return account;
    }

    private Page page(Account account, int width, List<String> problems) {
        Page page = browser.newContext(new NewContextOptions().setViewportSize(width, 900)).newPage();
        return Browser.signIn(Browser.watched(page, problems), url(""), account.email());
    }

    @Test
    void aMemberConfirmsAClaimWithAReasonAndAnAdminLetsANamedMemberBackIn() {
        List<String> problems = new ArrayList<>();
        Account admin = staff("admin", "Claims Admin");
        Account moderator = staff("moderator", "Claims Moderator");
        Account named = staff("moderator", "Named Moderator");
        String subject = "github:" + unique("claimed");
        var report = CaseFixtures.report(intake, "They followed me from the tracker into chat.", List.of(subject, "email:" + named.email()),
                "rita-" + unique("r") + "@example.net");
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        String casePath = "/staff/cases/" + caseId;

        for (int width : List.of(1280, 390)) {
            Page wide = page(admin, width, problems);
            wide.navigate(url(casePath));
            assertThat(wide.getByRole(AriaRole.HEADING, named("Who this report names"))).isVisible();
            assertThat(wide.locator("ul.claims")).containsText(subject);
            assertThat(wide.locator("ul.claims")).containsText("This is Named Moderator, of the committee.");
            assertThat(wide.locator("#handlers ~ ul").last()).containsText("kept out: a report names them");
            Browser.screenshot(wide, "claims-case-" + width);
            wide.context().close();
        }

        // The moderator confirms the reported person from the claims, with a reason.
        Page page = page(moderator, 1280, problems);
        page.navigate(url(casePath));
        Locator claims = page.locator("form.claims-form").first();
        assertThat(claims.getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName(subject))).isChecked();
        claims.getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName("email:" + named.email())).uncheck();
        claims.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Confirm as the person reported")).click();
        assertThat(page.locator("#error-summary")).containsText("say why these handles are this person");
        page.locator("form.claims-form").first().getByLabel("How you know these are theirs")
                .fill("The screenshots show this account in both places.");
        page.locator("form.claims-form").first().getByRole(AriaRole.CHECKBOX,
                new Locator.GetByRoleOptions().setName("email:" + named.email())).uncheck();
        page.locator("form.claims-form").first().getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Confirm as the person reported")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The person was confirmed on the case.");
        assertThat(page.locator("ul.parties")).containsText("The screenshots show this account in both places.");
        assertThat(page.locator("ul.parties")).not().containsText(named.email());
        // A moderator does not lift recusals: no such form for them.
        assertThat(page.getByRole(AriaRole.BUTTON, named("Lift the recusal"))).hasCount(0);

        // The admin lets the named member back in, with a reason; the member reaches the case again.
        Page adminPage = page(admin, 390, problems);
        adminPage.navigate(url(casePath));
        adminPage.getByLabel("Why they may reach the case again").fill("The report names them as a witness, not as involved.");
        adminPage.getByRole(AriaRole.BUTTON, named("Lift the recusal")).click();
        assertThat(adminPage.getByRole(AriaRole.STATUS)).containsText("The recusal was lifted");
        assertThat(adminPage.locator("#timeline ~ div table")).containsText("The report names them as a witness, not as involved.");
        Browser.screenshot(adminPage, "claims-case-lifted-390");
        Page namedPage = page(named, 1280, problems);
        namedPage.navigate(url(casePath));
        assertThat(namedPage.getByRole(AriaRole.HEADING, named("Who this report names"))).isVisible();
        assertThat(problems).isEmpty();
    }

    @Test
    void theDecisionsPageSaysWhenTheCommitteeCannotReachABanAndWhoIsNotOnTheCommittee() {
        List<String> problems = new ArrayList<>();
        // A committee of two when the case opens (the suite's other accounts are disabled); the moderator steps aside.
        jdbc.sql("UPDATE account SET disabled_at = 1").update();
        Account admin = staff("admin", "Quorum Admin");
        Account moderator = staff("moderator", "Stepping-aside Moderator");
        String handle = "github:" + unique("quorum");
        String caseId = CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "Threats in the chat.", List.of(handle), null).reportId());
        String token = tokens.createForAccount(admin.email(), null, "t").token();
        confirmSubject(token, caseId, handle);
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/conflicts", Map.of("reason", "the subject is my flatmate"),
                Http.bearer(tokens.createForAccount(moderator.email(), null, "t").token())).status()).isEqualTo(201);
        var proposed = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "permanent-ban", "clauses",
                List.of("violence-threats"), "reasoning", "Threats of violence against a contributor."), Http.bearer(token));
        assertThat(proposed.json().get("status").asString()).isEqualTo("awaiting-approval");

        Account later = staff("moderator", "Later Moderator");
        for (int width : List.of(1280, 390)) {
            Page page = page(admin, width, problems);
            page.navigate(url("/staff/cases/" + caseId + "/decisions"));
            assertThat(page.locator("article.report p.unreachable")).containsText("cannot take effect as the committee stands");
            Browser.screenshot(page, "decisions-unreachable-" + width);
            page.context().close();
            Page joined = page(later, width, problems);
            joined.navigate(url("/staff/cases/" + caseId + "/decisions"));
            assertThat(joined.locator("#not-on-committee")).containsText("You were not on the committee when this case opened");
            assertThat(joined.getByRole(AriaRole.BUTTON, named("Approve"))).hasCount(0);
            assertThat(joined.getByRole(AriaRole.BUTTON, named("Propose the decision"))).hasCount(0);
            Browser.screenshot(joined, "decisions-not-on-committee-" + width);
            joined.context().close();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aCommitteeOfOneIsToldPlainlyThatItDecidesAlone() {
        List<String> problems = new ArrayList<>();
        jdbc.sql("UPDATE account SET disabled_at = 1").update();
        Account admin = staff("admin", "Lone Admin");
        String handle = "github:" + unique("alone");
        String caseId = CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "Threats in the chat.", List.of(handle), null).reportId());
        confirmSubject(tokens.createForAccount(admin.email(), null, "t").token(), caseId, handle);
        for (int width : List.of(390, 1280)) {
            Page page = page(admin, width, problems);
            page.navigate(url("/staff/cases/" + caseId + "/decisions"));
            assertThat(page.locator("#decides-alone")).containsText("You are the whole committee for this case");
            Browser.screenshot(page, "decisions-alone-" + width);
            page.context().close();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aMemberDeclaresAConflictWithAnOptionalReason() {
        List<String> problems = new ArrayList<>();
        Account moderator = staff("moderator", "Conflicted Moderator");
        String caseId = CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "Spam in the forum.", List.of(), null).reportId());
        for (int width : List.of(390, 1280)) {
            Page page = page(moderator, width, problems);
            page.navigate(url("/staff/cases/" + caseId + "/conflict"));
            assertThat(page.getByLabel("Why (optional)")).isVisible();
            Browser.screenshot(page, "conflict-" + width);
            if (width == 1280) {
                page.getByLabel("Why (optional)").fill("I moderate the forum with the reporter.");
                page.getByRole(AriaRole.BUTTON, named("Declare the conflict and step aside")).click();
                assertThat(page.getByRole(AriaRole.STATUS)).containsText("You declared a conflict of interest");
            }
            page.context().close();
        }
        String admin = tokenFor("admin");
        var recusal = http().get("/api/v1/cases/" + caseId, Http.bearer(admin)).json().get("recusals").get(0);
        assertThat(recusal.get("kind").asString()).isEqualTo("declared");
        assertThat(recusal.get("reason").asString()).isEqualTo("I moderate the forum with the reporter.");
        assertThat(problems).isEmpty();
    }
}
