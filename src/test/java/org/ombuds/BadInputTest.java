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
import org.ombuds.support.RawHttp;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every bad input found by the security review is refused cleanly over real HTTP: a 4xx that says what was wrong —
 * problem+json on the API, a page with the strict security headers elsewhere — never a 5xx or a stack trace. Uploads
 * and forms that cannot be read, a language cookie that names no language, dates past the year 9999, a time-zone form
 * whose way back cannot be a redirect, and /error asked for by its address.
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

    // ---- uploads and forms that cannot be read ----

    @Test
    void anUploadOfMoreThanFiftyPartsIsRefusedWith413SayingHowManyAreAllowed() {
        Http browser = http();
        Multipart form = reportForm(browser);
        for (int i = 0; i < 55; i++) form.field("extra" + i, "x");
        assertRefusedPage(upload(browser, form.bytes()), 413, "The form has more than 50 parts");
    }

    @Test
    void aPartHeaderOverItsLimitIsRefusedWith413SayingWhy() {
        Http browser = http();
        Multipart form = reportForm(browser).file("attachments", "a".repeat(600) + ".png", new byte[] {1, 2, 3});
        assertRefusedPage(upload(browser, form.bytes()), 413, "has a header longer than 512 bytes");
    }

    @Test
    void aFileOverThirtyMegabytesIsRefusedWith413NamingTheLimit() {
        Http browser = http();
        // Just over the limit, so that Tomcat reads the rest of it and the answer is not lost in a reset connection.
        Multipart form = reportForm(browser).file("attachments", "large.bin", new byte[30 * 1024 * 1024 + 64 * 1024]);
        assertRefusedPage(upload(browser, form.bytes()), 413, "A file is larger than 30 MB");
    }

    @Test
    void aMultipartBodyWithoutItsBoundaryIsRefusedWith400() {
        Http browser = http();
        byte[] body = reportForm(browser).bytes();
        var response = browser.send(browser.request("/report").header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertRefusedPage(response, 400, "The form arrived incomplete or malformed");
    }

    @Test
    void aMultipartBodyCutShortIsRefusedWith400() {
        Http browser = http();
        byte[] whole = reportForm(browser).field("description", "Cut off in the middle of").bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 30);
        assertRefusedPage(upload(browser, cut), 400, "The form arrived incomplete or malformed");
    }

    @Test
    void aFormOverOneMegabyteIsRefusedWith413() {
        Http browser = http();
        String token = Http.csrf(browser.get("/report").body());
        var response = browser.postForm("/report", Map.of("_csrf", token, "category", "harassment", "description", "x".repeat(1_100_000)));
        assertRefusedPage(response, 413, "What you sent is larger than 1 MB");
    }

    @Test
    void parametersThatDoNotDecodeAreRefusedWith400OnPagesAndAsProblemJsonOnTheApi() {
        assertRefusedPage(RawHttp.get(port, "/report?q=%zz"), 400, "could not be read");
        assertRefusedPage(http().get("/coc?" + "p=1&".repeat(1001)), 400, "more than 1,000 fields");
        var api = RawHttp.get(port, "/api/v1/coc?q=%zz");
        assertProblem(api, 400);
        assertThat(api.json().get("detail").asString()).contains("could not be read");
        var german = RawHttp.get(port, "/report?q=%zz", "Accept-Language: de");
        assertRefusedPage(german, 400, "konnte nicht gelesen werden");
    }

    @Test
    void aFormBodyIsReadOnlyWhenPosted() {
        // Nothing takes a form with PUT: it is not read at all (it was, and one that did not decode answered 500).
        var api = http().send(http().request("/api/v1/reports", Http.bearer(tokenFor("moderator")))
                .header("Content-Type", "application/x-www-form-urlencoded").PUT(HttpRequest.BodyPublishers.ofString("a=%zz")).build());
        assertProblem(api, 405);
        var page = http().send(http().request("/report").header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("a=%zz")).build());
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).doesNotMatch(TRACE);
    }

    @Test
    void aWellFormedUploadStillFilesTheReport() {
        Http browser = http();
        Multipart form = reportForm(browser).file("attachments", "screenshot.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        var response = upload(browser, form.bytes());
        // The receipt is shown in the answer to the POST itself, never behind a redirect it could be reloaded from.
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("Your report is stored").containsPattern("id=\"receipt\">[0-9A-Z-]{29}<");
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

    @Test
    void aBrowserLanguageHeaderThatDoesNotParseAsksForNothing() {
        // Found by LanguageCookieFuzzTest: the JDK's parser throws on "-" with an exception nobody caught.
        for (String header : List.of("-", "de;q=x", ",,;", "*-*-*")) {
            var page = http().get("/report", "Accept-Language", header);
            assertThat(page.status()).as(header).isEqualTo(200);
            assertThat(page.body()).as(header).contains("lang=\"en\"").doesNotMatch(TRACE);
            WebSecurityCrawlTest.assertSecurityHeaders(header, page);
            assertThat(http().get("/api/v1/coc", "Accept-Language", header).status()).as(header).isEqualTo(200);
        }
    }

    @Test
    void aHeaderTheFirewallRefusesIsA400PageThatSaysSo() {
        // Found by PublicInputPropertiesTest: the error page read the refused header again, and its 400 came empty.
        var page = RawHttp.get(port, "/report", "Accept-Language: de\u0085");
        assertRefusedPage(page, 400, "the request could not be read");
        var api = RawHttp.get(port, "/api/v1/coc", "Accept-Language: de\u0085");
        assertProblem(api, 400);
    }

    // ---- /error ----

    @Test
    void theErrorPageAskedForByItsAddressIsNotFound() {
        var page = http().get("/error");
        assertRefusedPage(page, 404, "there is nothing at /error");
        assertProblem(http().get("/error", "Accept", "application/json"), 404);
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

    // ---- dates past the year 9999 ----

    @Test
    void aDecisionEndingAfterTheYear9999IsRefusedNamingUntil() {
        String moderator = tokenFor("moderator");
        StaffSession staff = signIn("moderator", "Far Future"); // on the committee the case is brought to
        String caseId = CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("far"));
        for (String until : List.of(FAR, FAR_DAY, "+10000-01-01T00:00:00Z")) {
            var refused = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "temporary-ban",
                    "clauses", List.of("harassment"), "reasoning", "Threats in the chat.", "until", until), Http.bearer(moderator));
            assertProblem(refused, 400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).as(until).isEqualTo("until");
            assertThat(refused.json().get("detail").asString()).as(until).startsWith("until ");
        }
        String page = "/staff/cases/" + caseId + "/decisions";
        var form = staff.post(page, page, "action", "temporary-ban", "clauses", "harassment", "reasoning", "Threats in the chat.",
                "until", FAR_DAY, "duration", "", "supersedes", "");
        assertThat(form.status()).as(form.body()).isEqualTo(400);
        assertThat(form.body()).contains("id=\"decision-until\"").containsPattern("id=\"decision-until\"[^>]*aria-invalid=\"true\"")
                .contains("until must be a date from 0001-01-01 to 9999-12-31").doesNotMatch(TRACE);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM decision WHERE case_id = ?").param(caseId).query(Long.class).single()).isZero();
    }

    @Test
    void aTokenExpiringAfterTheYear9999IsRefusedNamingExpiresAt() {
        String admin = tokenFor("admin");
        for (String expiresAt : List.of(FAR, FAR_DAY)) {
            var refused = http().postJson("/api/v1/tokens", Map.of("expiresAt", expiresAt, "label", "far"), Http.bearer(admin));
            assertProblem(refused, 400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).as(expiresAt).isEqualTo("expiresAt");
        }
        assertThat(http().postJson("/api/v1/tokens", Map.of("expiresAt", "9999-12-31T00:00:00Z", "label", "late"), Http.bearer(admin))
                .status()).as("the last day a record holds").isEqualTo(201);
    }

    @Test
    void aCheckInDateAfterTheYear9999IsRefusedNamingDate() {
        String slug = unique("summit");
        assertThat(http().postJson("/api/v1/spaces", Map.of("slug", slug, "kind", "event"), Http.bearer(tokenFor("admin"))).status())
                .isEqualTo(201);
        String moderator = tokenFor("moderator");
        for (String date : List.of(FAR_DAY, "+10000-01-01", "-0001-12-31")) {
            var refused = http().get("/api/v1/spaces/" + slug + "/check-in?date=" + URLEncoder.encode(date, StandardCharsets.UTF_8),
                    Http.bearer(moderator));
            assertProblem(refused, 400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).as(date).isEqualTo("date");
        }
        assertThat(http().get("/api/v1/spaces/" + slug + "/check-in?date=9999-12-31", Http.bearer(moderator)).status()).isEqualTo(200);
        StaffSession staff = signIn("moderator", "Check In");
        var page = staff.get("/staff/spaces/" + slug + "/check-in?date=" + URLEncoder.encode(FAR_DAY, StandardCharsets.UTF_8));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).containsPattern("id=\"date\"[^>]*aria-invalid=\"true\"").contains("date must be a date from")
                .doesNotMatch(TRACE);
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

    private Multipart reportForm(Http browser) {
        return new Multipart().field("_csrf", Http.csrf(browser.get("/report").body())).field("category", "harassment")
                .field("description", "Shouted at me after the talk.").field("anonymous", "yes");
    }

    private static Http.Response upload(Http browser, byte[] body) {
        return browser.send(browser.request("/report").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A multipart/form-data body written by hand, so that it can also be wrong. */
    static final class Multipart {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
        }

        Multipart file(String name, String filename, byte[] content) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                    + "Content-Type: application/octet-stream", content);
        }

        Multipart part(String headers, byte[] content) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.writeBytes(out.toByteArray());
            whole.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return whole.toByteArray();
        }
    }
}
