package org.ombuds.support;

import com.microsoft.playwright.Page;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A web test in headless chromium: one browser for the class, fresh profiles per page, and Playwright's usual lookups. */
@ExtendWith(Browser.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserWebTest extends WebTest {
    protected Browser browser;

    @BeforeAll
    void launchBrowser() {
        browser = Browser.launch();
    }

    @AfterAll
    void closeBrowser() {
        browser.close();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The element whose accessible name is exactly this. */
    protected static Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name).setExact(true);
    }

    protected static Page.GetByLabelOptions exactly() {
        return new Page.GetByLabelOptions().setExact(true);
    }
}
