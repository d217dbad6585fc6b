package org.ombuds.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Any language cookie and Accept-Language header (the bytes up to the first newline are the cookie's value, the rest
 * the header) resolve to English or German: a cookie that names no language counts as absent, a header that does not
 * parse asks for nothing, and nothing is thrown, so no page fails over them. crash-80066ef… ("-" for a header) was a
 * finding of the fuzzer. The seed corpus (LanguageCookieFuzzTestInputs) runs with the suite; bench/fuzz.sh fuzzes.
 */
class LanguageCookieFuzzTest {

    @FuzzTest
    void anyLanguageCookieResolvesToASupportedLanguage(byte[] bytes) {
        String input = new String(bytes, StandardCharsets.ISO_8859_1);
        int newline = input.indexOf('\n');
        String cookie = newline < 0 ? input : input.substring(0, newline);
        String header = newline < 0 ? null : input.substring(newline + 1);
        MockHttpServletRequest mock = new MockHttpServletRequest("GET", "/report");
        mock.setCookies(new Cookie(Languages.COOKIE, cookie));
        // Not mock.addHeader: the mock parses Accept-Language itself, and fails on the headers this is about.
        HttpServletRequest request = new HttpServletRequestWrapper(mock) {
            @Override
            public String getHeader(String name) {
                return "Accept-Language".equalsIgnoreCase(name) ? header : super.getHeader(name);
            }
        };

        Languages.Resolver resolver = new Languages.Resolver(false);
        Locale locale = resolver.resolveLocale(request);
        assertThat(locale).isIn(Locale.ENGLISH, Locale.GERMAN);
        assertThat(resolver.resolveLocaleContext(request).getLocale()).isEqualTo(locale);
        String value = cookie.toLowerCase(Locale.ROOT);
        if (!value.startsWith("de") && !value.startsWith("en") && !value.contains("/") && !value.contains(" ")) {
            assertThat(locale).as("a cookie naming no language is ignored").isEqualTo(Languages.fromHeader(request));
        }
    }
}
