package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.sanctions.LetterTexts;
import org.ombuds.support.BackgroundWork;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;

/**
 * The site as each role sees it (anonymous, moderator, admin, appeal reviewer), crawled from its entry pages through
 * every same-site link, with data whose every shown field holds script: every page carries the strict security
 * headers, shows the script escaped, never links to javascript:, and every form that posts is refused without a
 * valid CSRF token and changes nothing. Ids in every URL are random UUIDs (or the appeal link's secret), and the
 * staff pages behind them are closed to anonymous callers and to a moderator recused from the case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSecurityCrawlTest extends WebTest {
    /** Script in every shape a template could get wrong: element, attribute break-out, URL. */
    static final String PAYLOAD = "<script>alert('xss')</script>\"><img src=x onerror=alert(1)>";
    private static final Pattern LINK = Pattern.compile("(?:href|action)=\"(/[^\"#]*)");
    private static final Pattern FORM = Pattern.compile("(?is)<form\\b([^>]*)>(.*?)</form>");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w[\\w-]*)=\"([^\"]*)\"");
    private static final Pattern INPUT = Pattern.compile("(?is)<(input|textarea|select)\\b([^>]*)>");
    private static final Pattern ID = Pattern.compile("/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=/|$|\\?)");
    /** Where a crawl must not go: signing out ends the session, files download, the time-zone page lists every zone. */
    private static final Pattern SKIP = Pattern.compile("/logout|/files/|/download|\\.csv|\\.json$|/css/|/js/|/img/|/favicon|/swagger");
    /** The sessions a request may start or touch; every other table must stay as it is after a refused form. */
    private static final Set<String> SESSIONS = Set.of("spring_session", "spring_session_attributes");

    @Autowired
    Intake intake;
    @Autowired
    LetterTexts letterTexts;
    private static final String GREETING = "letter.greeting";
    @Autowired
    JdbcClient jdbc;
    @Autowired
    javax.sql.DataSource dataSource;

    private final Map<String, Http> browsers = new LinkedHashMap<>();
    private final Map<String, StaffSession> staff = new LinkedHashMap<>();
    private String caseId;
    private String recusedEmail;
    private final Map<String, Set<String>> pagesByRole = new LinkedHashMap<>();
    private final Map<String, List<String>> formsByRole = new LinkedHashMap<>();

    @BeforeAll
    void seedScriptEverywhereAndCrawl() {
        String admin = tokenFor("admin");
        String moderator = tokenFor("moderator"); // on the committee the case is brought to
        // A report whose every free field is script, about a person with a script handle, by a reporter named in script.
        String subjectHandle = "github:" + unique("xss").toLowerCase();
        var submitted = intake.submit(new NewReport("harassment", PAYLOAD, null, null, PAYLOAD, PAYLOAD,
                List.of("other:" + PAYLOAD, subjectHandle), "javascript:alert(1) " + PAYLOAD, false, false,
                "Kim " + PAYLOAD, unique("xss") + "@example.org", PAYLOAD, true, "api"), List.of(), null);
        caseId = CaseFixtures.caseOf(jdbc, submitted.reportId());
        // Confirmed with the reason in script too: the parties table, the claims and the timeline show it.
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/parties", Map.of("role", "subject", "handles",
                List.of("other:" + PAYLOAD, subjectHandle), "reason", PAYLOAD), Http.bearer(admin)).status()).isEqualTo(201);
        http().postJson("/api/v1/receipts/" + submitted.receipt() + "/messages", Map.of("body", PAYLOAD));
        for (String role : List.of("moderator", "admin", "appeal-reviewer")) {
            StaffSession session = signIn(role, PAYLOAD);
            staff.put(role, session);
            browsers.put(role, session.http());
        }
        browsers.put("anonymous", http());
        // Every letter starts with the greeting: an admin's wording in script reaches the letters and the letters page.
        letterTexts.save(staff.get("admin").account().id(), GREETING, PAYLOAD.replace("'", "''"));
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/notes", Map.of("body", PAYLOAD), Http.bearer(admin)).status()).isEqualTo(201);
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/reports/" + submitted.reportId() + "/messages", Map.of("body", PAYLOAD),
                Http.bearer(admin)).status()).isEqualTo(201);
        var decided = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "correction", "clauses", List.of("harassment"),
                "reasoning", PAYLOAD, "conditions", PAYLOAD, "tellReporter", PAYLOAD, "toSubject", PAYLOAD), Http.bearer(moderator));
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);
        recusedEmail = unique("recused") + "@example.org";
        accounts.add(recusedEmail, "Recused Moderator", "moderator");
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/recusals", Map.of("email", recusedEmail,
                "reason", "a friend of the reported person"), Http.bearer(admin)).status())
                .isEqualTo(201);
        for (var entry : browsers.entrySet()) crawl(entry.getKey(), entry.getValue());
    }

    @AfterAll
    void greetingAsItWas() {
        letterTexts.reset(staff.get("admin").account().id(), GREETING);
    }

    private void crawl(String role, Http browser) {
        Set<String> seen = new LinkedHashSet<>();
        Map<String, Integer> shapes = new java.util.HashMap<>();
        List<String> forms = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>(List.of("/", "/coc", "/report", "/receipt", "/login", "/staff", "/staff/cases/" + caseId));
        while (!queue.isEmpty() && seen.size() < 200) {
            String path = queue.poll();
            if (!seen.add(path)) continue;
            String shape = ID.matcher(path).replaceAll("/{id}");
            if (!path.contains(caseId) && shapes.merge(shape, 1, Integer::sum) > 1) continue;
            var page = browser.get(path, "Accept", "text/html");
            assertThat(page.status()).as(role + " " + path).isLessThan(500);
            assertSecurityHeaders(role + " " + path, page);
            if (page.status() != 200 || page.contentType() == null || !page.contentType().startsWith("text/html")) continue;
            assertEscaped(role + " " + path, page.body());
            Matcher link = LINK.matcher(page.body());
            while (link.find()) {
                String target = HtmlUtils.htmlUnescape(link.group(1));
                if (!SKIP.matcher(target).find() && !seen.contains(target) && !target.contains("lang=")) queue.add(target);
            }
            Matcher form = FORM.matcher(page.body());
            while (form.find()) {
                Map<String, String> attributes = attributes(form.group(1));
                if ("post".equalsIgnoreCase(attributes.get("method"))) forms.add(path + " " + form.group());
            }
        }
        pagesByRole.put(role, seen);
        formsByRole.put(role, forms);
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new TreeMap<>();
        Matcher matcher = ATTRIBUTE.matcher(tag);
        while (matcher.find()) attributes.put(matcher.group(1).toLowerCase(), HtmlUtils.htmlUnescape(matcher.group(2)));
        return attributes;
    }

    static void assertSecurityHeaders(String what, Http.Response response) {
        assertThat(response.header("Content-Security-Policy")).as(what).isNotNull()
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'",
                        "frame-ancestors 'none'", "form-action 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*");
        assertThat(response.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).as(what).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
        assertThat(response.header("Server")).as(what).isNull();
    }

    static void assertEscaped(String what, String html) {
        assertThat(html).as(what).doesNotContain("<script>alert").doesNotContain("<img src=x")
                .doesNotContainPattern("(?i)(href|src|action)=\"\\s*javascript:");
    }

    @Test
    void everyRoleSawTheSeededPagesWithTheScriptShownAsText() {
        assertThat(pagesByRole.get("admin")).contains("/staff/cases/" + caseId).hasSizeGreaterThan(15);
        assertThat(pagesByRole.get("moderator")).contains("/staff/cases/" + caseId);
        assertThat(pagesByRole.get("appeal-reviewer")).hasSizeGreaterThan(3);
        var casePage = browsers.get("admin").get("/staff/cases/" + caseId);
        // Shown, as text: each field holds the payload, so escaped it appears many times.
        assertThat(casePage.body().split(Pattern.quote("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"), -1).length - 1)
                .as("escaped payloads on the case page").isGreaterThanOrEqualTo(5);
        var receipt = http();
        assertThat(receipt.get("/receipt").status()).isEqualTo(200);
        assertThat(pagesByRole.get("admin")).contains("/staff/letters");
        for (String page : List.of("/staff/letters", "/staff/letters/preview", "/staff/cases/" + caseId)) {
            String html = browsers.get("admin").get(page).body();
            assertEscaped("admin " + page, html);
            assertThat(html).as("the letter greeting in script, shown as text on " + page).contains("&lt;script&gt;alert(");
        }
    }

    @Test
    void everyFormThatPostsIsRefusedWithoutAValidCsrfTokenAndChangesNothing() throws Exception {
        int checked;
        // The test servers' jobs and asynchronous listeners write to this database on their own: a ban whose webhook is
        // down records "enforcement-failed" on its case at its third failed delivery, a letter delivered again records
        // itself. Held still meanwhile, whatever changes is what a refused form changed.
        try (var still = BackgroundWork.holdStill()) {
            checked = refusedFormsChangeNothing();
        }
        assertThat(checked).as("forms checked").isGreaterThan(10);
    }

    /** Every form found, posted without a token and with a forged one; how many forms were checked. */
    private int refusedFormsChangeNothing() {
        int checked = 0;
        for (var entry : formsByRole.entrySet()) {
            Http browser = browsers.get(entry.getKey());
            Set<String> actions = new LinkedHashSet<>();
            for (String pageAndForm : entry.getValue()) {
                String page = pageAndForm.substring(0, pageAndForm.indexOf(' '));
                Matcher form = FORM.matcher(pageAndForm);
                assertThat(form.find()).isTrue();
                String action = attributes(form.group(1)).getOrDefault("action", page);
                if (!actions.add(action)) continue;
                Map<String, String> fields = new LinkedHashMap<>();
                Matcher input = INPUT.matcher(form.group(2));
                while (input.find()) {
                    Map<String, String> attributes = attributes(input.group(2));
                    String name = attributes.get("name");
                    if (name == null || name.equals("_csrf")) continue;
                    fields.put(name, attributes.getOrDefault("value", "changed by a forged form"));
                }
                assertThat(pageAndForm).as("the form on " + page + " to " + action + " carries a token").contains("name=\"_csrf\"");
                Map<String, Long> before = rowCounts();
                for (Map<String, String> attempt : List.of(fields, with(fields, "_csrf", "forged-" + unique("token")))) {
                    var response = browser.postForm(action, attempt);
                    assertThat(response.status()).as(entry.getKey() + ": POST " + action + " from " + page + " " + attempt.keySet())
                            .isEqualTo(403);
                    assertSecurityHeaders("POST " + action, response);
                    assertThat(response.body()).doesNotContain("Exception");
                }
                assertThat(rowCounts()).as("nothing changed by a refused POST " + action).isEqualTo(before);
                checked++;
            }
        }
        return checked;
    }

    private static Map<String, String> with(Map<String, String> fields, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(name, value);
        return copy;
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables()) {
            if (SESSIONS.contains(table)) continue;
            counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }

    /** The tables of this context's database (its own schema on PostgreSQL). */
    private List<String> tables() {
        try (var connection = dataSource.getConnection();
             var tables = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (tables.next()) names.add(tables.getString("TABLE_NAME").toLowerCase());
            return names;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void idsInUrlsAreRandomAndStaffPagesBehindThemAreClosedToAnonymousCallersAndTheRecused() {
        Set<String> idPaths = new LinkedHashSet<>();
        for (Set<String> pages : pagesByRole.values()) {
            for (String page : pages) {
                Matcher id = ID.matcher(page);
                if (id.find()) idPaths.add(page);
                // Any other segment that looks like a counter would be guessable (the Code's public versions are numbered).
                if (page.startsWith("/staff")) assertThat(page.split("\\?")[0].split("/")).as(page).noneMatch(segment -> segment.matches("\\d{1,9}"));
            }
        }
        assertThat(idPaths).as("id-bearing pages found by the crawl").hasSizeGreaterThan(3);
        Http anonymous = http();
        StaffSession recused = signInAs(recusedEmail);
        for (String path : idPaths) {
            var response = anonymous.get(path, "Accept", "text/html");
            assertThat(response.status()).as("anonymous " + path).isIn(302, 401, 403, 404);
            if (response.status() == 302) assertThat(response.header("Location")).as(path).endsWith("/login");
            if (path.contains(caseId)) {
                var kept = recused.get(path);
                // 405: a form's action read with GET, refused before any case is looked up.
                assertThat(kept.status()).as("recused " + path).isIn(403, 404, 405);
                assertThat(kept.body()).as("recused " + path).doesNotContain("&lt;script&gt;alert");
            }
        }
    }

    private StaffSession signInAs(String email) {
        var account = accounts.byEmail(email).orElseThrow();
        accounts.setPassword(account.id(), StaffSession.PASSWORD);
        Http browser = http();
        var login = browser.get("/login");
        var signedIn = browser.postForm("/login", Map.of("_csrf", Http.csrf(login.body()), "email", email, "password", StaffSession.PASSWORD));
        assertThat(signedIn.header("Location")).endsWith("/staff");
        return new StaffSession(account, browser);
    }
}
