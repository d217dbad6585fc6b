package org.ombuds.platform.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.platform.OmbudsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;
import org.thymeleaf.expression.Temporals;

/**
 * Pages show times in the viewer's time zone: the one in the {@value #COOKIE} cookie, which {@code time-zone.js}
 * sets from the browser's own setting and {@code /time-zone} lets anyone choose (also without JavaScript); UTC
 * without it. The zone never reaches the server's records or logs. Templates format with {@code #times.format(...)},
 * Thymeleaf's {@code #temporals} bound to that zone; the footer names the zone.
 */
@Configuration(proxyBeanMethods = false)
class ViewerTimeZones implements WebMvcConfigurer {
    static final String COOKIE = "OMBUDS_TZ";
    /** Named "UTC" (ZoneOffset.UTC would be called "Z" on the page). */
    static final ZoneId UTC = ZoneId.of("UTC");
    static final String ZONE = "viewerZone";
    static final String RELOAD = "viewerZoneReload";
    static final String LINK = "timeZoneLink";
    /** Whether time-zone.js marks the cookie it sets Secure (the base URL is https). */
    static final String SECURE = "viewerZoneSecure";
    private final boolean secure;

    ViewerTimeZones(OmbudsProperties properties) {
        this.secure = properties.servedOverHttps();
    }

    /** The viewer's zone from the cookie; UTC when there is none or it names no zone. */
    static ZoneId of(HttpServletRequest request) {
        return chosen(request).orElse(UTC);
    }

    static Optional<ZoneId> chosen(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) return Optional.empty();
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) return parse(cookie.getValue());
        }
        return Optional.empty();
    }

    /** A region id (Europe/Berlin) or UTC; offsets and abbreviations are refused, they do not follow summer time. */
    static Optional<ZoneId> parse(String value) {
        if (value == null || value.isBlank() || value.length() > 64) return Optional.empty();
        String id = value.strip();
        if (!id.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(id)) return Optional.empty();
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code secure}: the base URL is https (time-zone.js is told the same through the page, see {@link #SECURE}). */
    static void remember(HttpServletResponse response, ZoneId zone, boolean secure) {
        // Not HttpOnly: time-zone.js looks for it and sets it only where it is absent; the zone is no secret.
        response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, zone.getId()).path("/").maxAge(Duration.ofDays(365))
                .sameSite("Lax").secure(secure).build().toString());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Pages only: the API (the ban check's hot path among it) and static files show no times.
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Optional<ZoneId> chosen = chosen(request);
                boolean get = "GET".equals(request.getMethod());
                request.setAttribute(ZONE, chosen.orElse(UTC));
                request.setAttribute(SECURE, secure);
                // Only a page read with GET may be shown again once the browser's zone is known.
                request.setAttribute(RELOAD, chosen.isEmpty() && get);
                String here = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                request.setAttribute(LINK, "/time-zone" + (get && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) == null
                        ? "?back=" + URLEncoder.encode(here, StandardCharsets.UTF_8) : ""));
                return true;
            }
        }).excludePathPatterns("/api/**", "/actuator/**", "/v3/**", "/css/**", "/js/**", "/favicon.svg", "/robots.txt");
    }

    @Bean
    TimesDialect timesDialect() {
        return new TimesDialect();
    }

    /** {@code #times}: Thymeleaf's temporal formatting in the viewer's zone (UTC on pages rendered outside a request). */
    static final class TimesDialect extends AbstractDialect implements IExpressionObjectDialect {
        TimesDialect() {
            super("ombuds-times");
        }

        @Override
        public IExpressionObjectFactory getExpressionObjectFactory() {
            return new IExpressionObjectFactory() {
                @Override
                public Set<String> getAllExpressionObjectNames() {
                    return Set.of("times");
                }

                @Override
                public Object buildObject(IExpressionContext context, String name) {
                    Object zone = context.getVariable(ZONE);
                    return new Temporals(context.getLocale(), zone instanceof ZoneId id ? id : UTC);
                }

                @Override
                public boolean isCacheable(String name) {
                    return true;
                }
            };
        }
    }
}
