package org.ombuds.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Headless Debian chromium driven by Playwright. Outside CI a machine without /usr/bin/chromium skips browser
 * tests; in CI (which installs it) its absence fails them. Screenshots go to target/screenshots.
 */
public final class Browser implements AutoCloseable, ExecutionCondition {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private Playwright playwright;
    private com.microsoft.playwright.Browser browser;

    public Browser() {
    }

    public static Browser launch() {
        Browser b = new Browser();
        b.playwright = Playwright.create();
        b.browser = b.playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
        return b;
    }

    /** A fresh browser profile (no cookies), as a new person would arrive. */
    public Page newPage() {
        return browser.newContext(new NewContextOptions().setViewportSize(1100, 900)).newPage();
    }

    /** A fresh browser profile with these options (a colour scheme, JavaScript off, the CSP bypassed for an injected test tool). */
    public com.microsoft.playwright.BrowserContext newContext(NewContextOptions options) {
        return browser.newContext(options);
    }

    /**
     * Collects console errors and warnings (a refused inline style or script shows up here) and page errors into
     * {@code problems}. A form refused on purpose answers 400, which chromium logs as an error; that one is expected.
     */
    public static Page watched(Page page, List<String> problems) {
        page.onConsoleMessage(message -> {
            boolean refusedForm = message.text().startsWith("Failed to load resource: the server responded with a status of 400");
            if ((message.type().equals("error") || message.type().equals("warning")) && !refusedForm) {
                problems.add(message.text() + " " + message.location());
            }
        });
        page.onPageError(problems::add);
        return page;
    }

    /** Signs this page in through the login form, as a staff member whose password the test set with {@link StaffSession#PASSWORD}. */
    public static Page signIn(Page page, String baseUrl, String email) {
        page.navigate(baseUrl + "/login");
        page.getByLabel("Email address").fill(email);
        page.getByLabel("Password").fill(StaffSession.PASSWORD);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.HEADING,
                new Page.GetByRoleOptions().setName("Committee workspace").setExact(true))).isVisible();
        return page;
    }

    public static void screenshot(Page page, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(true));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Files.isExecutable(CHROMIUM) || TestDatabases.inCi()) {
            return ConditionEvaluationResult.enabled("chromium present (or CI, where its absence must fail)");
        }
        return ConditionEvaluationResult.disabled("no " + CHROMIUM + " on this machine (outside CI); .ci/run installs it");
    }
}
