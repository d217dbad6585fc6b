package org.ombuds.accounts.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.StaffUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in session holds the account as it was at sign-in. On every request this checks the account is still
 * active and has the same role: a disabled member (or one whose role changed) is signed out at once, rather than
 * keeping a session until it times out.
 */
class SessionRecheck extends OncePerRequestFilter {
    private final Accounts accounts;

    SessionRecheck(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof StaffUser user && !stillValid(user)) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) session.invalidate();
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(StaffUser user) {
        return accounts.byId(user.accountId()).filter(Account::active).map(account -> account.role() == user.role()).orElse(false);
    }
}
