package org.ombuds.cases;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.intake.Intake;
import org.ombuds.support.Browser;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.StaffSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The case queue's keyboard shortcuts in headless chromium: j and k move the focus between the cases' links, Enter
 * opens the focused case, / goes to the search field (and typing there is typing, not shortcuts), ? opens the help,
 * which can turn them off. The script is a static file the Content-Security-Policy allows: nothing is refused.
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
class QueueShortcutsBrowserTest extends BrowserWebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    private static String focusedHref(Page page) {
        return (String) page.evaluate("() => document.activeElement.getAttribute('href')");
    }

    private static List<String> caseLinks(Page page) {
        @SuppressWarnings("unchecked")
        List<String> hrefs = (List<String>) page.evaluate(
                "() => Array.from(document.querySelectorAll('main table tbody th[scope=row] a')).map(a => a.getAttribute('href'))");
        return hrefs;
    }

    @Test
    void jAndKMoveBetweenTheCasesEnterOpensOneAndSlashSearches() {
        CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("keys"));
        CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("keys"));
        Account moderator = accounts.add(unique("moderator") + "@example.org", "Keyboard Moderator", "moderator");
        accounts.setPassword(moderator.id(), StaffSession.PASSWORD);

        List<String> problems = new ArrayList<>();
        Page page = Browser.signIn(Browser.watched(browser.newPage(), problems), url(""), moderator.email());
        page.navigate(url("/staff/cases"));
        assertThat(page.getByRole(AriaRole.HEADING, named("Case queue"))).isVisible();
        assertThat(page.locator("#queue-keys-hint")).isVisible();
        assertThat(page.locator("#queue-keys-hint")).containsText("j and k move between the cases");
        List<String> links = caseLinks(page);
        assertThat(links).hasSizeGreaterThanOrEqualTo(2);

        page.keyboard().press("j");
        assertThat(focusedHref(page)).isEqualTo(links.get(0));
        page.keyboard().press("j");
        assertThat(focusedHref(page)).isEqualTo(links.get(1));
        page.keyboard().press("k");
        assertThat(focusedHref(page)).isEqualTo(links.get(0));
        page.keyboard().press("k");
        assertThat(focusedHref(page)).as("k stops at the first case").isEqualTo(links.get(0));
        page.keyboard().press("j");
        Browser.screenshot(page, "queue-shortcuts");

        page.keyboard().press("Enter");
        page.waitForURL(url(links.get(1)));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("Case ");

        page.goBack();
        assertThat(page.getByRole(AriaRole.HEADING, named("Case queue"))).isVisible();
        page.keyboard().press("/");
        assertThat(page.locator("#search")).isFocused();
        page.keyboard().type("jk/");
        assertThat(page.locator("#search")).hasValue("jk/");
        assertThat(page.locator("#search")).isFocused(); // typing in the field is typing

        page.locator("#search").blur();
        page.keyboard().press("?");
        assertThat(page.getByRole(AriaRole.DIALOG)).isVisible();
        assertThat(page.getByRole(AriaRole.HEADING, named("Keyboard shortcuts"))).isVisible();
        Browser.screenshot(page, "queue-shortcuts-help");
        page.keyboard().press("Escape");
        assertThat(page.getByRole(AriaRole.DIALOG)).isHidden();

        // Turned off in the help, the keys are keys again (and the choice stays for the next visit).
        page.getByRole(AriaRole.BUTTON, named("All keyboard shortcuts (?)")).click();
        page.getByLabel("Use these shortcuts (remembered in this browser)").uncheck();
        page.getByRole(AriaRole.BUTTON, named("Close")).click();
        assertThat(page.getByRole(AriaRole.DIALOG)).isHidden();
        page.reload();
        page.keyboard().press("j");
        assertThat(focusedHref(page)).as("shortcuts off").isNull();

        assertThat(problems).as("nothing refused by the Content-Security-Policy, no script errors").isEmpty();
    }

    @Test
    void withoutJavaScriptTheQueueWorksAndMentionsNoShortcuts() {
        Account moderator = accounts.add(unique("moderator") + "@example.org", "Plain Moderator", "moderator");
        accounts.setPassword(moderator.id(), StaffSession.PASSWORD);
        Page page = Browser.signIn(browser.newPage(), url(""), moderator.email());
        var context = page.context();
        Page plain = context.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions().setJavaScriptEnabled(false)
                .setStorageState(context.storageState())).newPage();
        plain.navigate(url("/staff/cases"));
        assertThat(plain.getByRole(AriaRole.HEADING, named("Case queue"))).isVisible();
        assertThat(plain.locator("#queue-keys-hint")).isHidden();
        assertThat(plain.getByRole(AriaRole.DIALOG)).isHidden();
        plain.getByLabel("Code name or id").fill("no such case");
        plain.getByRole(AriaRole.BUTTON, named("Show cases")).click();
        assertThat(plain.getByText("No cases match.")).isVisible();
    }
}
