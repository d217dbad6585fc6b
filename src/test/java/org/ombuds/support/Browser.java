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
