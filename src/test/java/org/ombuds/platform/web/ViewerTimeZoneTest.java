package org.ombuds.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.cases.CaseQueue;
import org.ombuds.cases.Cases;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Times on pages are in the viewer's time zone (the OMBUDS_TZ cookie, chosen at /time-zone or set by the browser's
 * script), UTC without it; the footer says which. Kathmandu (UTC+5:45) makes a wrong zone visible in the minutes.
 */
class ViewerTimeZoneTest extends WebTest {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    CaseQueue queue;

    @Test
    void aCaseShowsItsTimesInTheZoneTheViewerChose() {
        String caseId = caseAboutConfirmed("github:" + unique("zoned"));
        StaffSession moderator = signIn("moderator", "Zoned Moderator");
        Instant opened = queue.summary(cases.viewer(moderator.account().id()), caseId).openedAt();
        String casePage = "/staff/cases/" + caseId;

        String utc = moderator.get(casePage).body();
        assertThat(utc).contains("Times are shown in UTC.").contains(SHOWN.format(opened.atZone(ZoneId.of("UTC"))));

        var chosen = moderator.post("/time-zone?back=" + casePage, "/time-zone", "zone", "Asia/Kathmandu", "back", casePage);
        assertThat(chosen.status()).isEqualTo(302);
        assertThat(chosen.header("Location")).endsWith(casePage);
        assertThat(chosen.header("Set-Cookie")).startsWith("OMBUDS_TZ=Asia/Kathmandu;");

        String local = moderator.get(casePage).body();
        assertThat(local).contains("Times are shown in Asia/Kathmandu.").contains(SHOWN.format(opened.atZone(KATHMANDU)));
        assertThat(moderator.get("/time-zone").body()).contains("<option value=\"Asia/Kathmandu\" selected=\"selected\">");
    }

    @Test
    void anEndDateTypedIntoTheDecisionFormIsTheStartOfThatDayInTheViewersZone() {
        StaffSession moderator = signIn("moderator", "Zoned Proposer");
        String caseId = caseAboutConfirmed("github:" + unique("zoned-ban"));
        moderator.post("/time-zone", "/time-zone", "zone", "Asia/Kathmandu", "back", "/");
        String page = "/staff/cases/" + caseId + "/decisions";
        var proposed = moderator.post(page, page, "action", "temporary-ban", "clauses", "harassment",
                "reasoning", "Threats in the chat.", "until", "2030-01-10");
        assertThat(proposed.status()).isEqualTo(302);
        Long endsAt = jdbc.sql("SELECT ends_at FROM decision WHERE case_id = ?").param(caseId).query(Long.class).single();
        assertThat(Instant.ofEpochMilli(endsAt)).isEqualTo(Instant.parse("2030-01-09T18:15:00Z"));
    }

    @Test
    void publicPagesFollowTheZoneToo() {
        var http = http();
        var form = http.get("/time-zone");
        assertThat(form.status()).isEqualTo(200);
        assertThat(http.get("/coc").body()).contains("Times are shown in UTC.");
        http.postForm("/time-zone", Map.of("_csrf", Http.csrf(form.body()), "zone", "America/Sao_Paulo", "back", "/coc"));
        assertThat(http.get("/coc?lang=de").body()).contains("Zeiten werden in America/Sao_Paulo angezeigt.");
    }

    @Test
    void anUnknownZoneIsRefusedAndAForeignAddressToReturnToIsIgnored() {
        var http = http();
        var form = http.get("/time-zone");
        var refused = http.postForm("/time-zone", Map.of("_csrf", Http.csrf(form.body()), "zone", "Mars/Olympus",
                "back", "/coc"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"error-zone\"").contains("choose a time zone from the list");
        assertThat(refused.header("Set-Cookie")).isNull();

        for (String away : List.of("//evil.example/", "https://evil.example/", "/\\evil.example")) {
            var redirected = http.postForm("/time-zone", Map.of("_csrf", Http.csrf(form.body()), "zone", "UTC",
                    "back", away));
            assertThat(redirected.status()).isEqualTo(302);
            assertThat(redirected.header("Location")).as(away).matches("https?://localhost:\\d+/|/");
        }
    }
}
