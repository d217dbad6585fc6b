package org.ombuds.accounts.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.ombuds.accounts.StaffUser;
import org.ombuds.accounts.TwoFactor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The second step of every sign-in, whatever the first was (a password today, single sign-on tomorrow): a session
 * whose staff member has two-factor sign-in on reaches nothing under /staff until it passes
 * {@code /login/second-factor}; when admins require two-factor, a member without it reaches only the enrolment page.
 * Sign-out and public pages stay open. Whether a session passed is a session attribute holding the account id.
 */
class SecondFactorGate extends OncePerRequestFilter {
    static final String PASSED = "ombuds.second-factor.passed";
    static final String TARGET = "ombuds.second-factor.target";
    static final String PAGE = "/login/second-factor";
    static final String ENROLMENT = "/staff/account/two-factor";

    private final TwoFactor twoFactor;

    SecondFactorGate(TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
    }

    /** The staff member signed in with a first factor in this request's session, if any. */
    static StaffUser signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof StaffUser user ? user : null;
    }

    static boolean passed(HttpServletRequest request, StaffUser user) {
        HttpSession session = request.getSession(false);
        return session != null && user.accountId().equals(session.getAttribute(PASSED));
    }

    static void markPassed(HttpServletRequest request, StaffUser user) {
        request.changeSessionId();
        request.getSession().setAttribute(PASSED, user.accountId());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        StaffUser user = signedIn();
        if (user == null || !(path.equals("/staff") || path.startsWith("/staff/")) || passed(request, user)) {
            chain.doFilter(request, response);
            return;
        }
        switch (twoFactor.stepFor(user.accountId())) {
            case NONE -> chain.doFilter(request, response);
            case VERIFY -> {
                if ("GET".equals(request.getMethod())) {
                    String query = request.getQueryString();
                    request.getSession().setAttribute(TARGET, query == null ? path : path + "?" + query);
                }
                response.sendRedirect(request.getContextPath() + PAGE);
            }
            case ENROL -> {
                if (path.equals(ENROLMENT)) chain.doFilter(request, response);
                else response.sendRedirect(request.getContextPath() + ENROLMENT);
            }
        }
    }
}
