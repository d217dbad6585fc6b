package org.ombuds.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.support.Browser;
import org.ombuds.support.BrowserWebTest;
import org.ombuds.support.StaffSession;

/**
 * With an https base URL, the cookies chromium keeps are Secure, the time-zone cookie its own script sets included;
 * chromium treats http://localhost as a secure context, so signing in there still works.
 */
// Pages in chromium, not storage: the same over either database, so the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("browser")
class SecureCookiesBrowserTest extends BrowserWebTest {

    @Test
    void everyCookieTheBrowserKeepsIsSecureAndSigningInStillWorks() {
        Page page = browser.newPage();
        BrowserContext context = page.context();
        page.navigate(url("/coc?lang=de"));
        page.waitForCondition(() -> cookie(context, "OMBUDS_TZ") != null);
        var account = accounts.add(unique("secure") + "@example.org", "Secure Cookies", "moderator");
        accounts.setPassword(account.id(), StaffSession.PASSWORD);
        Browser.signIn(page, url(""), account.email());

        List<Cookie> cookies = context.cookies();
        assertThat(cookies).extracting(c -> c.name).contains("OMBUDS_TZ", "OMBUDS_LANG", "OMBUDS_SESSION");
        assertThat(cookies).allSatisfy(c -> assertThat(c.secure).as(c.name).isTrue());
    }

    private static Cookie cookie(BrowserContext context, String name) {
        return context.cookies().stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }
}
