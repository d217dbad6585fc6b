package org.ombuds;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ombuds.accounts.Account;
import org.ombuds.accounts.PasswordSetups;
import org.ombuds.appeals.Appeals;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.CaseNotes;
import org.ombuds.cases.Cases;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.MessagingReporters;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Spaces;
import org.ombuds.enforcement.Enforcement;
import org.ombuds.enforcement.SpaceConnectors;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.Ports;
import org.ombuds.support.Browser;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.StaffSession;
import org.ombuds.support.TestDatabases;
import org.ombuds.support.TwoApprovals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * WCAG 2.2 AA, checked by axe-core in headless chromium on every page, public and staff (as an admin, and where the
 * page differs as a moderator and an appeal reviewer), in the light and the dark colour scheme, including the forms
 * after a refused submission. Any violation of impact serious or critical fails, listed by page, rule, impact,
 * elements and help; moderate and minor ones are printed only.
 *
 * <p>axe-core is the npm package pinned in src/test/a11y (package.json and package-lock.json); .ci/run installs it
 * with {@code npm ci --prefix src/test/a11y}. Outside CI a checkout without it skips this test; in CI its absence
 * fails. The script is injected into the page, which the strict CSP forbids: these browser profiles bypass the CSP
 * (the other browser tests keep checking that the pages need no exception to it).
 *
 * <p>Two approvals make a temporary ban ({@link TwoApprovals}), as in the appeal and decision tests, whose server it shares.
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
@TwoApprovals
@ExtendWith(AccessibilityTest.AxeInstalled.class)
class AccessibilityTest extends BrowserWebTest {
    static final Path AXE = Path.of("src", "test", "a11y", "node_modules", "axe-core", "axe.min.js");
    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static final Set<String> FAILING = Set.of("serious", "critical");
    private static final Pattern APPEAL_TOKEN = Pattern.compile("oap_[A-Za-z0-9_-]+");
    private static final String CLIENT = "192.0.2.44";
    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("an accessibility test secret, 32".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    CaseNotes caseNotes;
    @Autowired
    HandlingCases handling;
    @Autowired
    MessagingReporters messaging;
    @Autowired
    CaseLetters caseLetters;
    @Autowired
    Decisions decisions;
    @Autowired
    org.ombuds.cases.ConfirmingParties parties;
    @Autowired
    Appeals appeals;
    @Autowired
    Spaces spaces;
    @Autowired
    SpaceConnectors connectors;
    @Autowired
    Enforcement enforcement;
    @Autowired
    PasswordSetups setups;
    @Autowired
    CodeOfConduct code;
    @Autowired
    org.ombuds.transparency.Transparency transparency;

    /** Signed-in (or anonymous) browser profiles, one per role and colour scheme, made on first use. */
    private final Map<String, BrowserContext> contexts = new HashMap<>();
    private final Map<String, String> emails = new HashMap<>();

    /** A page to check: who looks at it, and how they get there (a path, or a path and what they do on it). */
    private record Visit(String role, String name, Consumer<Page> open) {
    }

    /** What axe found on one page in one colour scheme. */
    private record Finding(String id, String impact, String help, String helpUrl, List<String> nodes) {
    }

    @AfterAll
    void closeContexts() {
        contexts.values().forEach(BrowserContext::close);
    }

    @TestFactory
    Stream<DynamicContainer> everyPageMeetsWcag22AaWithoutSeriousOrCriticalViolations() {
        assertThat(Files.isReadable(AXE)).as(AXE + " is missing: run npm ci --prefix src/test/a11y (.ci/run does)").isTrue();
        List<Visit> visits = visits();
        Stream<DynamicContainer> selfTest = Stream.of(dynamicContainer("axe", Stream.of(
                dynamicTest("finds what it should (a check that cannot fail proves nothing)", this::axeFindsAKnownViolation))));
        return Stream.concat(selfTest, Stream.of(ColorScheme.LIGHT, ColorScheme.DARK).map(scheme -> dynamicContainer(
                scheme.name().toLowerCase(Locale.ROOT),
                visits.stream().map(visit -> dynamicTest(visit.role() + " " + visit.name(), () -> check(visit, scheme))))));
    }

    /** The same injection and run on a page made to fail: grey on white, a field without a label. */
    private void axeFindsAKnownViolation() {
        Page page = context("public", ColorScheme.LIGHT).newPage();
        try {
            page.navigate(url("/"));
            page.evaluate("""
                    () => {
                      const p = document.createElement('p');
                      p.textContent = 'Hard to read';
                      p.style.color = '#b0b0b0';
                      p.style.background = '#ffffff';
                      const input = document.createElement('input');
                      input.type = 'text';
                      document.querySelector('main').append(p, input);
                    }""");
            page.addScriptTag(new Page.AddScriptTagOptions().setPath(AXE));
            assertThat(findings(page)).extracting(Finding::id, Finding::impact)
                    .contains(Tuple.tuple("color-contrast", "serious"), Tuple.tuple("label", "critical"));
        } finally {
            page.close();
        }
    }

    // ---- the pages ----

    private List<Visit> visits() {
        Account admin = staff("admin", "Accessible Admin");
        Account moderator = staff("moderator", "Accessible Moderator");
        Account reviewer = staff("appeal-reviewer", "Accessible Reviewer");

        // Spaces: one with a webhook connector that cannot be reached (its step fails), one without (by hand), an event.
        String hooked = space("chat", "chat");
        String manual = space("irc", "chat");
        String summit = space("summit", "event");
        connectors.configure(admin.id(), hooked, "webhook", Map.of("url", closedUrl(), "secret", SECRET), true);

        // A ban in effect in those spaces whose letter's appeal link is still unused; its enforcement steps run once.
        Banned open = ban(List.of(hooked, manual, summit));
        for (int round = 0; round < 20 && enforcement.deliverDue() > 0; round++) {
            // until nothing is due
        }
        // A second ban, appealed: assigned to the reviewer, who asked the appellant a question. Only in this test's own
        // space: the database is shared, and "every space" would reach the connectors other tests configured.
        Banned appealed = ban(List.of(manual));
        String appealId = appeals.file(appealed.token(), CLIENT, "I was quoting a line from a film; nobody was insulted.",
                "https://example.net/thread/9");
        if (!reviewer.id().equals(appeals.detail(admin.id(), appealId).summary().reviewerId())) {
            appeals.assign(admin.id(), appealId, reviewer.email()); // unless the automatic assignment picked them already
        }
        appeals.ask(reviewer.id(), appealId, "Which film were you quoting?");

        // A case with a note, a committee message to the reporter and a proposal waiting for the moderator's vote.
        Account proposer = staff("moderator", "Proposing Moderator"); // on the committee the case is brought to
        String mocker = "github:" + unique("mocker");
        var filed = CaseFixtures.report(intake, "Kept mocking my accent in the weekly call.", List.of(mocker),
                "reporter-" + unique("a11y") + "@example.net");
        String pendingCase = CaseFixtures.caseOf(jdbc, filed.reportId());
        CaseFixtures.confirmSubject(parties, cases.viewer(admin.id()), pendingCase, mocker);
        handling.assign(cases.viewer(admin.id()), pendingCase, moderator.email(), true);
        caseNotes.addNote(cases.viewer(proposer.id()), pendingCase, "Spoke with the reporter; two witnesses.");
        messaging.messageReporter(cases.viewer(proposer.id()), pendingCase, filed.reportId(), "Could you tell us which day this was?");
        decisions.propose(cases.viewer(proposer.id()), pendingCase, new Decisions.Proposal("written-warning", List.of("harassment"),
                "Repeated mockery after a first reminder.", null, null, List.of(), false, null));

        // Transparency: a published report (drafted by one admin, reviewed by another) and a draft awaiting review.
        Account secondAdmin = staff("admin", "Reviewing Admin");
        String published = transparency.draft(admin.id(), "2010-H1").id();
        transparency.review(secondAdmin.id(), published, "Checked against the queue.");
        transparency.publish(admin.id(), published);
        String draft = transparency.draft(admin.id(), "2010-H2").id();

        String setupLink = setups.issue(accounts.add(unique("new") + "@example.org", "New Moderator", "moderator").id())
                .replace("https://ombuds.example.org", "");
        List<CodeVersion> versions = code.versions(null);
        int first = versions.stream().mapToInt(CodeVersion::version).min().orElse(1);
        int last = versions.stream().mapToInt(CodeVersion::version).max().orElse(1);
        String day = LocalDate.now().plusDays(3).toString();

        List<Visit> visits = new ArrayList<>();
        // Public pages.
        visits.add(at("public", "/"));
        visits.add(at("public", "/coc"));
        visits.add(at("public", "/coc/versions"));
        visits.add(visit("public", "/coc/versions/{version}", "/coc/versions/" + first));
        visits.add(visit("public", "/coc/diff", "/coc/diff?from=" + first + "&to=" + last));
        visits.add(at("public", "/appeals"));
        visits.add(at("public", "/report"));
        visits.add(new Visit("public", "/report, refused (errors shown)", page -> {
            page.navigate(url("/report"));
            page.locator("#description").fill("Something I do not want to type twice.");
            page.locator("#reportedHandles").fill("octocat-without-kind");
            page.locator("main form[action='/report'] button[type=submit]").click();
            assertThat(page.locator("#error-summary")).isVisible();
        }));
        visits.add(new Visit("public", "/report, sent (receipt shown)", page -> {
            page.navigate(url("/report"));
            page.locator("#category").selectOption("harassment");
            page.locator("#description").fill("Called me names in the review.");
            page.locator("main form[action='/report'] button[type=submit]").click();
            assertThat(page.locator("#receipt")).isVisible();
        }));
        visits.add(at("public", "/receipt"));
        visits.add(new Visit("public", "/receipt, refused (errors shown)", page -> {
            page.navigate(url("/receipt"));
            page.locator("#receipt").fill("NOPE0-NOPE0-NOPE0-NOPE0-NOPE0");
            page.locator("main form button[type=submit]").click();
            assertThat(page.locator("#error-receipt")).isVisible();
        }));
        visits.add(new Visit("public", "/receipt (a report's status)", page -> {
            page.navigate(url("/receipt"));
            page.locator("#receipt").fill(filed.receipt());
            page.locator("main form button[type=submit]").click();
            assertThat(page.getByText("Could you tell us which day this was?")).isVisible();
        }));
        visits.add(visit("public", "/appeal/{token} (the form)", "/appeal/" + open.token()));
        visits.add(new Visit("public", "/appeal/{token}, refused (errors shown)", page -> {
            page.navigate(url("/appeal/" + open.token()));
            page.locator("main form button[type=submit]").first().click();
            assertThat(page.locator("#error-statement")).isVisible();
        }));
        visits.add(visit("public", "/appeal/{token} (filed, a question from the reviewer)", "/appeal/" + appealed.token()));
        visits.add(at("public", "/transparency"));
        visits.add(visit("public", "/transparency?lang=de", "/transparency?lang=de"));
        visits.add(visit("public", "/transparency/{period}", "/transparency/2010-H1"));
        visits.add(at("public", "/login"));
        visits.add(visit("public", "/login, refused (errors shown)", "/login?error"));
        visits.add(visit("public", "/account/setup?token=…", setupLink));
        visits.add(at("public", "/time-zone"));
        visits.add(visit("public", "an error page (404)", "/" + unique("nothing-here"), 404));

        // Staff pages, as an admin.
        String banCase = "/staff/cases/" + open.caseId();
        visits.add(at("admin", "/staff"));
        visits.add(at("admin", "/staff/cases"));
        visits.add(visit("admin", "/staff/cases, refused filter (errors shown)", "/staff/cases?status=nonsense&search=kept", 400));
        visits.add(visit("admin", "/staff/cases/{id}", banCase));
        visits.add(visit("admin", "/staff/cases/{id}/decisions", banCase + "/decisions"));
        visits.add(visit("admin", "/staff/cases/{id}/conflict", banCase + "/conflict"));
        visits.add(at("admin", "/staff/sanctions"));
        visits.add(visit("admin", "/staff/sanctions?all=true", "/staff/sanctions?all=true"));
        visits.add(visit("admin", "/staff/sanctions/{id}/enforcement", "/staff/sanctions/" + open.sanctionId() + "/enforcement"));
        visits.add(at("admin", "/staff/appeals"));
        visits.add(visit("admin", "/staff/appeals/{id}", "/staff/appeals/" + appealId));
        visits.add(at("admin", "/staff/spaces"));
        visits.add(visit("admin", "/staff/spaces/{slug}/connector (configured)", "/staff/spaces/" + hooked + "/connector"));
        visits.add(visit("admin", "/staff/spaces/{slug}/connector (none yet)", "/staff/spaces/" + manual + "/connector?type=webhook"));
        visits.add(visit("admin", "/staff/spaces/{slug}/check-in", "/staff/spaces/" + summit + "/check-in?date=" + day));
        visits.add(visit("admin", "/staff/spaces/{slug}/check-in, refused date (errors shown)",
                "/staff/spaces/" + summit + "/check-in?date=next+friday", 400));
        visits.add(refused("admin", "/staff/cases/{id}/decisions", banCase + "/decisions", "form[action$='/decisions']"));
        visits.add(refused("admin", "/staff/cases/{id}", banCase, "form[action$='/notes']"));
        visits.add(refused("admin", "/staff/spaces/{slug}/connector", "/staff/spaces/" + manual + "/connector?type=webhook",
                "form[method=post][action$='/connector']"));
        visits.add(refused("admin", "/staff/appeals/{id}", "/staff/appeals/" + appealId, "form[action$='/reviewer']"));
        visits.add(at("admin", "/staff/letters"));
        visits.add(at("admin", "/staff/letters/preview"));
        visits.add(at("admin", "/staff/audit"));
        visits.add(at("admin", "/staff/accounts"));
        visits.add(refused("admin", "/staff/accounts", "/staff/accounts", "form[action$='/staff/accounts']"));
        visits.add(at("admin", "/staff/account"));
        visits.add(at("moderator", "/staff/account/two-factor"));
        visits.add(at("moderator", "/login/second-factor"));
        visits.add(at("admin", "/staff/coc"));
        visits.add(at("admin", "/staff/transparency"));
        visits.add(visit("admin", "/staff/transparency/{id} (a draft)", "/staff/transparency/" + draft));
        visits.add(visit("admin", "/staff/transparency/{id} (published)", "/staff/transparency/" + published));

        // Where a moderator's page differs: no admin controls, a vote to cast, a connector to read only.
        String pending = "/staff/cases/" + pendingCase;
        visits.add(at("moderator", "/staff"));
        visits.add(at("moderator", "/staff/cases"));
        visits.add(visit("moderator", "/staff/cases/{id}", pending));
        visits.add(new Visit("moderator", "/staff/cases/{id}, a note added (notice shown)", page -> {
            page.navigate(url(pending));
            page.locator("#note-body").fill("Checked the call recording.");
            page.locator("form[action$='/notes'] button[type=submit]").click();
            assertThat(page.locator("main .notice[role=status]")).isVisible();
        }));
        visits.add(visit("moderator", "/staff/cases/{id}/decisions (a vote to cast)", pending + "/decisions"));
        visits.add(visit("moderator", "/staff/spaces/{slug}/connector (read only)", "/staff/spaces/" + hooked + "/connector"));
        visits.add(at("moderator", "/staff/appeals"));
        visits.add(at("moderator", "/staff/audit"));

        // The appeal reviewer: their list and the appeal with the question and outcome forms.
        visits.add(at("appeal-reviewer", "/staff"));
        visits.add(at("appeal-reviewer", "/staff/appeals"));
        visits.add(visit("appeal-reviewer", "/staff/appeals/{id}", "/staff/appeals/" + appealId));
        return visits;
    }

    /** A form on this page sent empty: the page comes back with the error summary and the field marked. */
    private Visit refused(String role, String name, String path, String form) {
        return new Visit(role, name + ", refused (errors shown)", page -> {
            page.navigate(url(path));
            page.locator(form + " button[type=submit]").first().click();
            assertThat(page.locator("#error-summary")).isVisible();
        });
    }

    private Visit at(String role, String path) {
        return visit(role, path, path);
    }

    private Visit visit(String role, String name, String path) {
        return visit(role, name, path, 200);
    }

    /** A page reached by its address, answering this status (a page that fails to render must not pass unseen). */
    private Visit visit(String role, String name, String path, int status) {
        return new Visit(role, name, page -> assertThat(page.navigate(url(path)).status()).as(path).isEqualTo(status));
    }

    // ---- the check ----

    private void check(Visit visit, ColorScheme scheme) {
        Page page = context(visit.role(), scheme).newPage();
        try {
            visit.open().accept(page);
            page.addScriptTag(new Page.AddScriptTagOptions().setPath(AXE));
            List<Finding> findings = findings(page);
            String where = scheme.name().toLowerCase(Locale.ROOT) + ", " + visit.role() + " " + visit.name() + " (" + page.url() + ")";
            List<Finding> failing = findings.stream().filter(finding -> FAILING.contains(finding.impact())).toList();
            List<Finding> other = findings.stream().filter(finding -> !FAILING.contains(finding.impact())).toList();
            if (!other.isEmpty()) System.out.println("[a11y] moderate or minor, not failing: " + describe(where, other));
            if (!failing.isEmpty()) {
                Browser.screenshot(page, "a11y-" + scheme.name().toLowerCase(Locale.ROOT) + "-" + visit.name().replaceAll("[^A-Za-z0-9]+", "-"));
                throw new AssertionError(describe(where, failing));
            }
        } finally {
            page.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Finding> findings(Page page) {
        Object result = page.evaluate("""
                async (tags) => {
                  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                  return results.violations.map(v => ({
                    id: v.id, impact: v.impact || 'unknown', help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => n.target.join(' ') + ' : '
                        + (n.failureSummary || '').replace(/\\s+/g, ' ').trim())
                  }));
                }""", TAGS);
        List<Finding> findings = new ArrayList<>();
        for (Object each : (List<Object>) result) {
            Map<String, Object> v = (Map<String, Object>) each;
            findings.add(new Finding((String) v.get("id"), (String) v.get("impact"), (String) v.get("help"), (String) v.get("helpUrl"),
                    ((List<Object>) v.get("nodes")).stream().map(String::valueOf).toList()));
        }
        return findings;
    }

    private static String describe(String where, List<Finding> findings) {
        StringBuilder text = new StringBuilder(where).append(": ").append(findings.size()).append(" violation(s)");
        for (Finding finding : findings) {
            text.append("\n  ").append(finding.id()).append(" (").append(finding.impact()).append("): ").append(finding.help())
                    .append(" <").append(finding.helpUrl()).append('>');
            finding.nodes().forEach(node -> text.append("\n    ").append(node));
        }
        return text.toString();
    }

    /** A browser profile for this role (signed in through the login form) in this colour scheme, with the CSP bypassed for axe. */
    private BrowserContext context(String role, ColorScheme scheme) {
        return contexts.computeIfAbsent(role + "/" + scheme, key -> {
            BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1100, 900).setBypassCSP(true)
                    .setColorScheme(scheme));
            if (!role.equals("public")) {
                Page login = context.newPage();
                Browser.signIn(login, url(""), emails.get(role));
                login.close();
            }
            return context;
        });
    }

    // ---- fixtures ----

    /** A staff account with this role and the test password; the first one of each role is the one the pages are seen as. */
    private Account staff(String role, String name) {
        Account account = accounts.add(unique(role) + "@example.org", name, role);
        accounts.setPassword(account.id(), StaffSession.PASSWORD);
        emails.putIfAbsent(role, account.email());
        return account;
    }

    private String space(String prefix, String kind) {
        String slug = unique(prefix);
        spaces.add(slug, kind, null, "Space " + slug);
        return slug;
    }

    private static String closedUrl() {
        return "http://127.0.0.1:" + Ports.free() + "/hook";
    }

    private record Banned(String caseId, String decisionId, String sanctionId, String token) {
    }

    /** A 30-day ban in effect (two moderators decided it) on a person with an email address, and the appeal link in their letter. */
    private Banned ban(List<String> spaceSlugs) {
        Account proposer = accounts.add(unique("proposer") + "@example.org", "Proposing Moderator", "moderator");
        Account approver = accounts.add(unique("approver") + "@example.org", "Approving Moderator", "moderator");
        String caseId = caseAboutConfirmed("email:" + unique("person") + "@example.net");
        Decision decision = decisions.propose(cases.viewer(proposer.id()), caseId, new Decisions.Proposal("temporary-ban",
                List.of("harassment"), "Repeated insults in the chat.", null, "P30D", spaceSlugs, false, null));
        decision = decisions.vote(cases.viewer(approver.id()), decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(decision.id()).query(String.class).single();
        String letter = await().atMost(Duration.ofSeconds(30))
                .until(() -> caseLetters.committeeLetter("sanction:" + sanctionId + ":decided"), Optional::isPresent).orElseThrow();
        Matcher token = APPEAL_TOKEN.matcher(letter);
        assertThat(token.find()).as("the letter carries a personal appeal link").isTrue();
        return new Banned(caseId, decision.id(), sanctionId, token.group());
    }

    /** Outside CI a checkout without axe-core (npm ci --prefix src/test/a11y) skips this test; in CI its absence fails it. */
    static final class AxeInstalled implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isReadable(AXE)) return ConditionEvaluationResult.enabled("axe-core is installed");
            if (TestDatabases.inCi()) return ConditionEvaluationResult.enabled("CI, where the absence of axe-core must fail");
            return ConditionEvaluationResult.disabled("no " + AXE + " (outside CI): npm ci --prefix src/test/a11y --no-audit --no-fund");
        }
    }
}
