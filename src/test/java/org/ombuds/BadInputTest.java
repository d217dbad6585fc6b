package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every bad input found by the security review is refused cleanly over real HTTP: a 4xx that says what was wrong —
 * problem+json on the API, a page with the strict security headers elsewhere — never a 5xx or a stack trace.
 */
class BadInputTest extends WebTest {
    static final String TRACE = "(?s).*(Exception|\\bat (java|org|jakarta|tools|com)\\.[\\w.$]+\\().*";
    private static final String BOUNDARY = "----ombuds-test-boundary";
    private static final String FAR = "+999999999-12-31T23:59:59Z";
    private static final String FAR_DAY = "+999999999-12-31";

    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    // ---- /error ----

    @Test
    void theErrorPageAskedForByItsAddressIsNotFound() {
        var page = http().get("/error");
        assertRefusedPage(page, 404, "there is nothing at /error");
        assertProblem(http().get("/error", "Accept", "application/json"), 404);
    }

    // ---- the language cookie ----

    @Test
    void aLanguageCookieThatNamesNoLanguageIsIgnoredOnEveryPage() {
        for (String cookie : List.of("%00", "\"\"", "xx_YY_ZZ_%", "de/Not/A_Zone", "en_")) {
            for (String path : List.of("/", "/report", "/coc", "/receipt", "/login", "/no-such-page")) {
                var page = http().get(path, "Cookie", "OMBUDS_LANG=" + cookie, "Accept-Language", "de");
                assertThat(page.status()).as(cookie + " on " + path).isEqualTo(path.equals("/no-such-page") ? 404 : 200);
                WebSecurityCrawlTest.assertSecurityHeaders(cookie + " on " + path, page);
                assertThat(page.body()).as(cookie + " on " + path).doesNotMatch(TRACE);
                if (path.equals("/report")) assertThat(page.body()).as("the browser's language applies").contains("lang=\"de\"");
            }
        }
        assertThat(http().get("/report", "Cookie", "OMBUDS_LANG=en", "Accept-Language", "de").body()).as("a valid choice still counts")
                .contains("lang=\"en\"");
    }

    // ---- the time-zone form ----

    @Test
    void theTimeZoneFormGoesHomeForAWayBackThatCannotBeARedirect() {
        Http browser = http();
        for (String back : List.of("/{x}", "/coc?x={y}", "/" + "a".repeat(9000), "/" + "a".repeat(3000), "/bericht-über", "/%zz", "/a b",
                "/coc\u2028")) {
            // Over 8 KB the address itself is too long for the server: the form is where such a value comes from.
            var page = browser.get("/time-zone" + (back.length() > 8000 ? "" : "?back=" + URLEncoder.encode(back, StandardCharsets.UTF_8)));
            assertThat(page.status()).as(back).isEqualTo(200);
            assertThat(page.body()).as(back).contains("name=\"back\" value=\"/\"");
            String token = Http.csrf(page.body());
            var chosen = browser.postForm("/time-zone", Map.of("_csrf", token, "zone", "Europe/Berlin", "back", back));
            assertThat(chosen.status()).as(back).isEqualTo(302);
            assertThat(chosen.header("Location")).as(back).isEqualTo("http://localhost:" + port + "/");
        }
        var kept = browser.postForm("/time-zone", Map.of("_csrf", Http.csrf(browser.get("/time-zone").body()), "zone", "UTC",
                "back", "/coc?version=2#scope"));
        assertThat(kept.header("Location")).as("a path of this site is kept").endsWith("/coc?version=2#scope");
    }

    // ---- helpers ----

    /** A refusal people see: the status, a page with the security headers saying what was wrong, no stack trace. */
    static void assertRefusedPage(Http.Response response, int status, String says) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("text/html");
        WebSecurityCrawlTest.assertSecurityHeaders("a refusal", response);
        assertThat(response.body()).doesNotMatch(TRACE).contains(says);
    }

    static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotMatch(TRACE);
    }
}
