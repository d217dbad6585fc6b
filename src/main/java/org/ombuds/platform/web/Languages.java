package org.ombuds.platform.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.platform.OmbudsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The language of the public pages: English or German, from the browser's {@code Accept-Language}, or chosen with
 * {@code ?lang=de} / {@code ?lang=en} and then remembered in a cookie. Any other language is English. The committee's
 * pages ({@code /staff}, {@code /login}, {@code /account}) are written in English only, so they say so whatever the
 * choice. Public pages read with GET get a link to the other language in the footer ({@code languageLinks}). A cookie that
 * names no language is ignored.
 */
@Configuration(proxyBeanMethods = false)
class Languages implements WebMvcConfigurer {
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN);
    static final String COOKIE = "OMBUDS_LANG";
    static final String PARAMETER = "lang";

    @Bean(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    LocaleResolver localeResolver(OmbudsProperties properties) {
        return new Resolver(properties.servedOverHttps());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName(PARAMETER);
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
        registry.addInterceptor(new Switch());
    }

    /** One of the supported languages (by its language alone), or null. */
    static Locale supported(Locale locale) {
        if (locale == null) return null;
        return SUPPORTED.stream().filter(candidate -> candidate.getLanguage().equals(locale.getLanguage())).findFirst().orElse(null);
    }

    /** The best supported language the browser asks for; English when it asks for none of them (or nothing). */
    static Locale fromHeader(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        if (header == null || header.isBlank()) return Locale.ENGLISH;
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getWeight() <= 0 || range.getRange().equals("*")) continue;
                Locale match = supported(Locale.forLanguageTag(range.getRange()));
                if (match != null) return match;
            }
        } catch (RuntimeException malformed) {
            // A header we cannot read asks for nothing. The JDK's parser throws more than IllegalArgumentException:
            // "Accept-Language: -" is an ArrayIndexOutOfBoundsException, and was a 500 on every page and the API.
        }
        return Locale.ENGLISH;
    }

    static boolean committeePage(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String value ? value : request.getRequestURI();
        String path = uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        return path.equals("/staff") || path.startsWith("/staff/") || path.equals("/login") || path.startsWith("/account/");
    }

    /** The cookie holds only a supported language; the committee's pages stay English. */
    static final class Resolver extends CookieLocaleResolver {
        Resolver(boolean secure) {
            super(COOKIE);
            setCookieMaxAge(Duration.ofDays(365));
            setCookieHttpOnly(true);
            setCookieSecure(secure);
            setCookieSameSite("Lax");
            setDefaultLocaleFunction(Languages::fromHeader);
            // Anyone can send any cookie: one that names no language (OMBUDS_LANG=%00) is ignored, as if absent.
            setRejectInvalidCookies(false);
            // The language cookie holds no zone: handlers taking a ZoneId get the viewer's (see ViewerTimeZones).
            setDefaultTimeZoneFunction(request -> TimeZone.getTimeZone(ViewerTimeZones.of(request)));
        }

        @Override
        public Locale resolveLocale(HttpServletRequest request) {
            return committeePage(request) ? Locale.ENGLISH : super.resolveLocale(request);
        }

        @Override
        public LocaleContext resolveLocaleContext(HttpServletRequest request) {
            return committeePage(request)
                    ? new SimpleTimeZoneAwareLocaleContext(Locale.ENGLISH, TimeZone.getTimeZone(ViewerTimeZones.of(request)))
                    : super.resolveLocaleContext(request);
        }

        @Override
        public void setLocaleContext(HttpServletRequest request, HttpServletResponse response, LocaleContext localeContext) {
            Locale chosen = supported(localeContext == null ? null : localeContext.getLocale());
            // Another language clears the choice: the browser's own preference applies again.
            super.setLocaleContext(request, response, chosen == null ? null : new SimpleLocaleContext(chosen));
        }

        @Override
        protected Locale parseLocaleValue(String value) {
            return supported(super.parseLocaleValue(value));
        }
    }

    /**
     * Offers the other language on public pages read with GET: the same address with {@code lang} set (a relative
     * "?..." link, so it stays on this page). Pages answering a form post have no address to come back to.
     */
    static final class Switch implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (!"GET".equals(request.getMethod()) || committeePage(request)) return true;
            List<String> kept = new ArrayList<>();
            String query = request.getQueryString();
            if (query != null && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) == null) {
                for (String pair : query.split("&")) {
                    String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                    if (!pair.isEmpty() && !name.equals(PARAMETER)) kept.add(pair);
                }
            }
            Map<String, String> links = new LinkedHashMap<>();
            for (Locale language : SUPPORTED) {
                List<String> pairs = new ArrayList<>(kept);
                pairs.add(PARAMETER + "=" + language.getLanguage());
                links.put(language.getLanguage(), "?" + String.join("&", pairs));
            }
            request.setAttribute("languageSwitch", true);
            request.setAttribute("languageLinks", links);
            return true;
        }
    }
}
