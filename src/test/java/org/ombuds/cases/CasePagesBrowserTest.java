package org.ombuds.cases;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.support.Browser;
import org.ombuds.support.Http;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.StaffSession;

import tools.jackson.databind.JsonNode;

/**
 * A moderator works a case in headless chromium: queue, case, note, status, audit log. Links and forms are reached
 * with the keyboard, and the strict Content-Security-Policy must not refuse anything on any page.
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
class CasePagesBrowserTest extends BrowserWebTest {

    /** Files a report about a new person and returns its case, found through the API (the report answer has only a receipt). */
    private JsonNode fileReport(String description) {
        var filed = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", description, "anonymous", true,
                "reported", Map.of("handles", List.of("github:" + unique("x")))));
        assertThat(filed.status()).isEqualTo(201);
        String[] admin = Http.bearer(tokenFor("admin"));
        for (JsonNode summary : http().get("/api/v1/cases?status=all&size=200", admin).json()) {
            JsonNode detail = http().get("/api/v1/cases/" + summary.get("id").asString(), admin).json();
            for (JsonNode report : detail.get("reports")) {
                if (description.equals(report.get("content").get("description").asString())) return detail.get("summary");
            }
        }
        throw new AssertionError("no case holds the report");
    }

    /** Presses Tab until the focused element is the link with this text; fails if the keyboard never gets there. */
    private static void tabTo(Page page, String linkText) {
        for (int i = 0; i < 100; i++) {
            page.keyboard().press("Tab");
            Object focused = page.evaluate("() => document.activeElement.tagName + ':' + document.activeElement.textContent.trim()");
            if (("A:" + linkText).equals(focused)) return;
        }
        throw new AssertionError("the link '" + linkText + "' cannot be reached with Tab");
    }

    @Test
    void aModeratorWorksACaseWithTheKeyboardAndReadsTheAuditLog() {
        Account moderator = accounts.add(unique("moderator") + "@example.org", "Browser Moderator", "moderator");
        accounts.setPassword(moderator.id(), StaffSession.PASSWORD);
        String description = unique("Kept calling me names in the project chat") + ".";
        JsonNode summary = fileReport(description);
        String caseId = summary.get("id").asString();
        String name = summary.get("name").asString();

        List<String> problems = new ArrayList<>();
        Page page = Browser.signIn(Browser.watched(browser.newPage(), problems), url(""), moderator.email());

        page.getByRole(AriaRole.LINK, named("Cases")).click();
        assertThat(page.getByRole(AriaRole.HEADING, named("Case queue"))).isVisible();
        page.getByLabel("Code name or id").focus();
        page.keyboard().type(name.toLowerCase());
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.LINK, named(name))).isVisible();
        Browser.screenshot(page, "case-queue");
        page.locator("#search").focus();
        tabTo(page, name);
        page.keyboard().press("Enter");

        assertThat(page.getByRole(AriaRole.HEADING, named("Case " + name))).isVisible();
        assertThat(page.getByText(description)).isVisible();
        assertThat(page.locator("#summary + dl")).containsText("New");

        String note = unique("Spoke with the reporter; they want it to stop");
        page.getByLabel("Add a note").focus();
        page.keyboard().type(note);
        page.keyboard().press("Tab");
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Your note was added.");
        assertThat(page.getByText(note)).isVisible();

        page.getByLabel("Change the status").selectOption("triage");
        page.getByRole(AriaRole.BUTTON, named("Change status")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The status was changed.");
        assertThat(page.locator("#summary + dl")).containsText("Triage");
        assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("new → triage"))).isVisible();
        Browser.screenshot(page, "case-page");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        Browser.screenshot(page, "case-page-dark");

        page.getByRole(AriaRole.LINK, named("Committee workspace")).click();
        page.getByRole(AriaRole.LINK, named("Audit log: who read and changed what")).click();
        assertThat(page.getByRole(AriaRole.HEADING, named("Audit log"))).isVisible();
        page.getByLabel("Case id").fill(caseId);
        page.getByRole(AriaRole.BUTTON, named("Show entries")).click();
        assertThat(page.getByRole(AriaRole.TABLE)).containsText("note");
        assertThat(page.getByRole(AriaRole.TABLE)).containsText(moderator.name());
        assertThat(page.getByText("Download these entries as CSV")).hasCount(0);
        Browser.screenshot(page, "audit-log");

        page.navigate(url("/staff/cases/" + caseId + "/conflict"));
        assertThat(page.getByRole(AriaRole.HEADING, named("Declare a conflict of interest"))).isVisible();
        page.getByRole(AriaRole.BUTTON, named("Declare the conflict and step aside")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("You declared a conflict of interest with " + name);
        assertThat(problems).as("console errors (a refused inline style or script shows here)").isEmpty();
    }
}
