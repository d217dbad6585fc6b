package org.ombuds.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.Ombuds;
import org.ombuds.support.Http;
import org.ombuds.support.Ports;
import org.ombuds.support.StaffSession;
import org.ombuds.support.TestDatabases;
import org.ombuds.support.WebTest;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * With an https base URL (OMBUDS_BASE_URL; WebTest's is https://ombuds.example.org) every cookie Ombuds sets is
 * {@code Secure} and every response asks browsers to come back over https only (HSTS, one year). With an http base
 * URL neither, so that a committee trying Ombuds out on http://localhost is not locked out.
 */
class TransportSecurityTest extends WebTest {
    private static final String HSTS = "max-age=31536000";
    private static final List<String> PATHS = List.of("/coc", "/login", "/css/ombuds.css", "/robots.txt", "/api/v1/coc", "/api/v1/cases",
            "/actuator/health", "/nowhere", "/api/v1/nowhere");

    @Test
    void withAnHttpsBaseUrlEveryCookieIsSecureAndEveryResponseAsksForHttps() {
        Http browser = http();
        var login = browser.get("/login");
        assertThat(cookie(login, "OMBUDS_SESSION")).contains("; Secure").contains("HttpOnly");
        var language = browser.get("/coc?lang=de");
        assertThat(cookie(language, "OMBUDS_LANG")).contains("; Secure");
        var form = browser.get("/time-zone");
        var zone = browser.postForm("/time-zone", Map.of("_csrf", Http.csrf(form.body()), "zone", "Europe/Berlin", "back", "/coc"));
        assertThat(cookie(zone, "OMBUDS_TZ")).contains("; Secure");

        StaffSession admin = signIn("admin", "Secure Admin");
        assertThat(admin.get("/staff").status()).as("the Secure session cookie still comes back from http://localhost").isEqualTo(200);
        assertThat(admin.get("/coc").body()).contains("data-secure=\"true\"");

        for (String path : PATHS) {
            assertThat(browser.get(path).header("Strict-Transport-Security")).as(path).isEqualTo(HSTS);
        }
    }

    @Test
    void withAnHttpBaseUrlNoCookieIsSecureAndNoResponseAsksForHttps() throws Exception {
        int port = Ports.free();
        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(),
                Files.createTempDirectory("ombuds-plain-http").resolve("data")));
        properties.put("server.port", port);
        properties.put("ombuds.base-url", "http://localhost:" + port);
        properties.put("ombuds.scheduler.enabled", false);
        try (var context = new SpringApplicationBuilder(Ombuds.class).run(TestDatabases.arguments(properties))) {
            Http browser = new Http(port);
            var login = browser.get("/login");
            assertThat(cookie(login, "OMBUDS_SESSION")).doesNotContainIgnoringCase("secure");
            assertThat(cookie(browser.get("/coc?lang=de"), "OMBUDS_LANG")).doesNotContainIgnoringCase("secure");
            var form = browser.get("/time-zone");
            var zone = browser.postForm("/time-zone", Map.of("_csrf", Http.csrf(form.body()), "zone", "Europe/Berlin", "back", "/coc"));
            assertThat(cookie(zone, "OMBUDS_TZ")).doesNotContainIgnoringCase("secure");
            assertThat(browser.get("/coc").body()).doesNotContain("data-secure");
            for (String path : PATHS) {
                assertThat(browser.get(path).header("Strict-Transport-Security")).as(path).isNull();
            }
        }
    }

    private static String cookie(Http.Response response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().allValues("Set-Cookie")));
    }
}
