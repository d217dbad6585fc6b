package org.ombuds.accounts.internal;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A staff session ends after {@code idle-timeout} without a request and {@code absolute-timeout} after sign-in,
 * whichever comes first; the member signs in again. Both are measured with the application's clock and kept in the
 * session, so they hold whichever node answers.
 */
class SessionLifetime extends OncePerRequestFilter {
    static final String SIGNED_IN_AT = "ombuds.signed-in-at";
    static final String LAST_SEEN_AT = "ombuds.last-seen-at";
    private static final long RECORD_EVERY = 30_000;
    private final SignInSettings settings;
    private final Clock clock;

    SessionLifetime(SignInSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && SecondFactorGate.signedIn() != null) {
            long now = clock.millis();
            Object signedIn = session.getAttribute(SIGNED_IN_AT);
            Object lastSeen = session.getAttribute(LAST_SEEN_AT);
            if (signedIn instanceof Long start && lastSeen instanceof Long seen
                    && (now - seen > settings.idleTimeout().toMillis() || now - start > settings.absoluteTimeout().toMillis())) {
                SecurityContextHolder.clearContext();
                session.invalidate();
                if (request.getRequestURI().substring(request.getContextPath().length()).startsWith("/staff")) {
                    response.sendRedirect(request.getContextPath() + "/login?expired");
                    return;
                }
            } else {
                if (!(signedIn instanceof Long)) session.setAttribute(SIGNED_IN_AT, now);
                // Written at most every half minute: each write is a database update of the session.
                if (!(lastSeen instanceof Long seen) || now - seen >= RECORD_EVERY) session.setAttribute(LAST_SEEN_AT, now);
            }
        }
        chain.doFilter(request, response);
    }
}
