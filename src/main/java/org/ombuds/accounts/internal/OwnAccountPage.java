package org.ombuds.accounts.internal;

import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.ApiTokens;
import org.ombuds.accounts.StaffSessions;
import org.ombuds.accounts.StaffUser;
import org.ombuds.accounts.TwoFactor;
import org.ombuds.platform.RefusedForm;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * A member's own account page ({@code /staff/account}), drawn for its own address and in answer to the forms that show
 * a secret once (a new API token, recovery codes).
 */
@Component
class OwnAccountPage {
    private final Accounts accounts;
    private final ApiTokens tokens;
    private final TwoFactor twoFactor;
    private final StaffSessions sessions;

    OwnAccountPage(Accounts accounts, ApiTokens tokens, TwoFactor twoFactor, StaffSessions sessions) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.twoFactor = twoFactor;
        this.sessions = sessions;
    }

    ModelAndView render(StaffUser user, StaffAccountPages.NewTokenForm form, RefusedForm refused) {
        ModelAndView page = new ModelAndView("accounts/account");
        page.addObject("account", accounts.require(user.accountId()));
        page.addObject("tokens", tokens.of(user.accountId()).stream().filter(t -> t.revokedAt() == null).toList());
        page.addObject("twoFactorOn", twoFactor.enrolled(user.accountId()));
        page.addObject("twoFactorRequired", twoFactor.required());
        page.addObject("recoveryCodesLeft", twoFactor.recoveryCodesLeft(user.accountId()));
        page.addObject("sessions", sessions.of(user.accountId()));
        page.addObject("form", form);
        return refused.on(page);
    }

    /**
     * A page that shows a secret is the answer to the form that made it, never a redirect: the secret would wait for the
     * next page in the session, which lives in the database (and its write-ahead log) until the session ends.
     */
    static ModelAndView showingSecret(ModelAndView page, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return page;
    }
}
