package org.ombuds.enforcement;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Page;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ConfirmingParties;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.Browser;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.StaffSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sanction's enforcement page, as a committee member sees it in chromium at a phone's width and a desktop's: in each
 * space what it should hold (banned until when), what Ombuds last left there (here: an attempt that failed midway, and
 * a space nothing can reach), the next attempt, and how often Ombuds asks the spaces again.
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
class EnforcementStatePageBrowserTest extends BrowserWebTest {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a test secret of enough length!!".getBytes(StandardCharsets.UTF_8));
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Decisions decisions;
    @Autowired
    Cases cases;
    @Autowired
    ConfirmingParties parties;
    @Autowired
    Spaces spaces;
    @Autowired
    SpaceConnectors connectors;
    @Autowired
    Enforcement enforcement;

    @Test
    void eachSpaceShowsWhatItShouldHoldWhatItHoldsAndWhenItIsAskedAgain() throws Exception {
        Account admin = accounts.add(unique("chair") + "@example.org", "Chair", "admin");
        accounts.setPassword(admin.id(), StaffSession.PASSWORD);
        String chat = unique("chat");
        String summit = unique("summit");
        spaces.add(chat, "chat", null, "Project chat");
        spaces.add(summit, "event", null, "Summit");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once the socket is closed: the receiver is down
        }
        connectors.configure(admin.id(), chat, "webhook", Map.of("url", "http://127.0.0.1:" + closed + "/hook", "secret", SECRET), true);

        String handle = "github:" + unique("page");
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, cases.viewer(admin.id()), handle);
        Decision interim = decisions.propose(cases.viewer(admin.id()), caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats in the chat; kept out while the committee decides.", null, "P14D", List.of(chat, summit), true, null));
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(interim.id()).query(String.class).single();
        for (int round = 0; round < 20 && enforcement.deliverDue() > 0; round++) {
            // until nothing more is due now: the chat's attempt fails, the summit has no connector
        }
        assertThat(enforcement.stateOf(admin.id(), sanctionId)).extracting(state -> state.spaceSlug() + ":" + state.status())
                .containsExactlyInAnyOrder(chat + ":failed", summit + ":manual");

        List<String> problems = new ArrayList<>();
        Page page = Browser.signIn(Browser.watched(browser.newPage(), problems), url(""), admin.email());
        for (int width : List.of(390, 1280)) {
            page.setViewportSize(width, 900);
            page.navigate(url("/staff/sanctions/" + sanctionId + "/enforcement"));
            var chatRow = page.locator("tr", new Page.LocatorOptions().setHasText("Project chat"));
            assertThat(chatRow).containsText("Should be: banned until");
            assertThat(chatRow).containsText("An attempt failed midway");
            assertThat(chatRow).containsText("Next attempt");
            var summitRow = page.locator("tr", new Page.LocatorOptions().setHasText("Summit"));
            assertThat(summitRow).containsText("manual");
            assertThat(summitRow).containsText("Nothing has reached the space yet.");
            assertThat(page.locator("main")).containsText("Every 15 minutes Ombuds asks each space that can tell");
            Browser.screenshot(page, "enforcement-state-" + width);
        }
        assertThat(problems).as("nothing refused by the Content-Security-Policy, no script errors").isEmpty();
    }
}
