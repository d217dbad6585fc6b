package org.ombuds.accounts.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.accounts.StaffUser;
import org.ombuds.accounts.TwoFactor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The password form under {@link SignInThrottle}: a locked-out email address or client is refused before the password
 * is even checked (so a lock-out says nothing about whether the account exists or the password was right), a failure
 * is counted, a success clears the account's count.
 */
final class PasswordSignInThrottling {
    static final String EMAIL = "email";

    private PasswordSignInThrottling() {
    }

    static String lockedUrl(Duration wait) {
        return "/login?locked=" + SignInThrottle.minutes(wait);
    }

    /** Runs before the password check on POST /login. */
    static OncePerRequestFilter lockout(SignInThrottle throttle) {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !("POST".equals(request.getMethod()) && "/login".equals(request.getRequestURI().substring(request.getContextPath().length())));
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Optional<Duration> locked = throttle.lockedFor(request.getParameter(EMAIL), request.getRemoteAddr());
                if (locked.isPresent()) {
                    response.sendRedirect(request.getContextPath() + lockedUrl(locked.get()));
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    static AuthenticationFailureHandler onFailure(SignInThrottle throttle) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            Optional<Duration> locked = throttle.failed(request.getParameter(EMAIL), request.getRemoteAddr());
            response.sendRedirect(request.getContextPath() + locked.map(PasswordSignInThrottling::lockedUrl).orElse("/login?error"));
        };
    }

    /**
     * A sign-in is complete only after its second factor: until then the count stays, or someone who knows the password
     * could sign in again and again to guess codes without limit.
     */
    static AuthenticationSuccessHandler onSuccess(SignInThrottle throttle, TwoFactor twoFactor, Clock clock) {
        SavedRequestAwareAuthenticationSuccessHandler next = new SavedRequestAwareAuthenticationSuccessHandler();
        next.setDefaultTargetUrl("/staff");
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            if (authentication.getPrincipal() instanceof StaffUser user && twoFactor.stepFor(user.accountId()) != TwoFactor.Step.VERIFY) {
                throttle.succeeded(request.getParameter(EMAIL));
            }
            request.getSession().setAttribute(SessionLifetime.SIGNED_IN_AT, clock.millis());
            request.getSession().setAttribute(SessionLifetime.LAST_SEEN_AT, clock.millis());
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }
}
