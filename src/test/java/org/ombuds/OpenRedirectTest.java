package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;

/**
 * The parameters that choose where a response goes next (/time-zone's {@code back}, the sign-in's return to the page
 * that asked for it, Spring Security's {@code continue}) never send anyone to another site: absolute,
 * protocol-relative, backslash and scheme URLs all end on a path of this site.
 */
class OpenRedirectTest extends WebTest {
    static final List<String> AWAY = List.of("https://evil.example", "http://evil.example/staff", "//evil.example", "///evil.example",
            "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "\\/evil.example", "javascript:alert(1)", "data:text/html,x",
            " //evil.example", "/\t/evil.example", "/%09/evil.example", "%2F%2Fevil.example", "https:evil.example", "//evil.example@ombuds",
            "/.//evil.example");

    /** A Location this site may send a browser to: one of its own paths, or its own origin. */
    private void assertStaysHere(String what, String location) {
        assertThat(location).as(what).isNotNull();
        String path = location.startsWith("http://localhost:" + port) ? location.substring(("http://localhost:" + port).length()) : location;
        String beforeQuery = path.split("[?#]", 2)[0];
        assertThat(beforeQuery).as(what + " -> " + location).startsWith("/").doesNotStartWith("//").doesNotStartWith("/\\")
                .doesNotContainPattern("[\\s\\\\]");
    }

    @Test
    void theTimeZonePageGoesBackOnlyToAPathOfThisSite() {
        Http browser = http();
        for (String back : AWAY) {
            var page = browser.get("/time-zone?back=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(page.status()).isEqualTo(200);
            var kept = java.util.regex.Pattern.compile("name=\"back\" value=\"([^\"]*)\"").matcher(page.body());
            assertThat(kept.find()).as(back).isTrue();
            assertStaysHere("the form's back=" + back, org.springframework.web.util.HtmlUtils.htmlUnescape(kept.group(1)));
            String token = Http.csrf(page.body());
            var chosen = browser.postForm("/time-zone", Map.of("_csrf", token, "zone", "Europe/Berlin", "back", back));
            assertThat(chosen.status()).as(back).isEqualTo(302);
            assertStaysHere("back=" + back, chosen.header("Location"));
        }
        var home = browser.postForm("/time-zone", Map.of("_csrf", Http.csrf(browser.get("/time-zone").body()), "zone", "UTC",
                "back", "/coc#scope"));
        assertThat(home.header("Location")).endsWith("/coc#scope");
    }

    @Test
    void signingInReturnsOnlyToThisSite() {
        var account = accounts.add(unique("redirect") + "@example.org", "Redirect Test", "moderator");
        accounts.setPassword(account.id(), StaffSession.PASSWORD);
        for (String away : AWAY) {
            Http browser = http();
            String encoded = java.net.URLEncoder.encode(away, java.nio.charset.StandardCharsets.UTF_8);
            // The page asked for first (saved by Spring Security) with every redirect-like parameter pointing away.
            var asked = browser.get("/staff/cases?continue=" + encoded + "&redirect=" + encoded + "&back=" + encoded + "&next=" + encoded);
            assertStaysHere("asked " + away, asked.header("Location"));
            var login = browser.get("/login?continue=" + encoded + "&redirect=" + encoded + "&back=" + encoded);
            var signedIn = browser.postForm("/login?continue=" + encoded + "&redirect=" + encoded, Map.of("_csrf", Http.csrf(login.body()),
                    "email", account.email(), "password", StaffSession.PASSWORD, "redirect", away, "continue", away, "back", away));
            assertThat(signedIn.status()).isEqualTo(302);
            assertStaysHere("signed in, " + away, signedIn.header("Location"));
            var out = browser.postForm("/logout", Map.of("_csrf", Http.csrf(browser.get("/staff").body()), "redirect", away, "back", away));
            assertStaysHere("signed out, " + away, out.header("Location"));
        }
    }
}
