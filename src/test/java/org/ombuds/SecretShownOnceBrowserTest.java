package org.ombuds;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ombuds.accounts.Account;
import org.ombuds.support.Browser;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.StaffSession;

/**
 * The pages that show a secret once (the receipt, a password link, an API token) are the answer to the form that made
 * the secret, at a phone's width and a desktop's, without JavaScript, and leave the address bar on the form's address.
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
class SecretShownOnceBrowserTest extends BrowserWebTest {

    private Page page(int width, List<String> problems) {
        return Browser.watched(browser.newContext(new NewContextOptions().setViewportSize(width, 900).setJavaScriptEnabled(false)).newPage(),
                problems);
    }

    @ParameterizedTest
    @ValueSource(ints = {390, 1280})
    void theReceiptIsShownInTheAnswerToTheReport(int width) {
        List<String> problems = new ArrayList<>();
        Page reporter = page(width, problems);
        reporter.navigate(url("/report"));
        reporter.getByLabel("Which part of the Code does it concern?").selectOption("harassment");
        reporter.getByLabel("What happened", exactly()).fill("Shouted at me at the meetup.");
        reporter.getByRole(AriaRole.BUTTON, named("Send the report")).click();
        assertThat(reporter.getByRole(AriaRole.HEADING, named("Your report is stored"))).isVisible();
        assertThat(reporter.locator("#receipt")).hasText(java.util.regex.Pattern.compile("[0-9A-Z]{5}(-[0-9A-Z]{5}){4}"));
        assertThat(reporter.url()).endsWith("/report");
        Browser.screenshot(reporter, "report-received-" + width);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {390, 1280})
    void aPasswordLinkAndATokenAreShownInTheAnswerToTheirForms(int width) {
        List<String> problems = new ArrayList<>();
        Account admin = accounts.add(unique("admin") + "@example.org", "Shown Once", "admin");
        accounts.setPassword(admin.id(), StaffSession.PASSWORD);
        Page staff = Browser.signIn(page(width, problems), url(""), admin.email());
        // Each page's own requests are done before the next page: two requests of one session that add the same session
        // attribute at once collide in SPRING_SESSION_ATTRIBUTES (seen here once as a 500 on /staff/accounts).
        staff.waitForLoadState(LoadState.NETWORKIDLE);

        staff.navigate(url("/staff/accounts"));
        staff.getByLabel("Email address", exactly()).fill(unique("newcomer") + "@example.org");
        staff.getByLabel("Name", exactly()).fill("Grace Newcomer");
        staff.getByRole(AriaRole.BUTTON, named("Add the member")).click();
        assertThat(staff.getByRole(AriaRole.STATUS)).containsText("Grace Newcomer was added.");
        assertThat(staff.locator(".notice code.secret")).containsText("/account/setup?token=");
        assertThat(staff.url()).endsWith("/staff/accounts");
        Browser.screenshot(staff, "accounts-setup-link-" + width);

        staff.waitForLoadState(LoadState.NETWORKIDLE);
        staff.navigate(url("/staff/account"));
        staff.getByLabel("Label", exactly()).fill("release bot");
        staff.getByRole(AriaRole.BUTTON, named("Create a token")).click();
        assertThat(staff.locator(".notice code.secret")).containsText("omb_");
        Browser.screenshot(staff, "account-new-token-" + width);
        assertThat(problems).isEmpty();
    }
}
