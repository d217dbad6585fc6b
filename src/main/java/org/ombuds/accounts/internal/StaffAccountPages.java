package org.ombuds.accounts.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.ApiTokens;
import org.ombuds.accounts.IssuedToken;
import org.ombuds.accounts.PasswordSetups;
import org.ombuds.accounts.Role;
import org.ombuds.accounts.StaffSessions;
import org.ombuds.accounts.StaffUser;
import org.ombuds.accounts.TwoFactor;
import org.ombuds.audit.AuditLog;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RefusedForm;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The committee's accounts: admins add members (a one-time link to set the password, shown once), give a member a new
 * link and disable accounts at {@code /staff/accounts}; every member manages their own API tokens at
 * {@code /staff/account}. The same rules as the API: the services validate and audit.
 */
@Controller
class StaffAccountPages {
    private static final String NOTICE = "notice";
    private static final int MAX_TOKEN_DAYS = 366;

    private final Accounts accounts;
    private final PasswordSetups setups;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final TwoFactor twoFactor;
    private final StaffSessions sessions;
    private final OwnAccountPage ownAccount;

    StaffAccountPages(Accounts accounts, PasswordSetups setups, ApiTokens tokens, AuditLog audit, Clock clock, TwoFactor twoFactor,
                      StaffSessions sessions, OwnAccountPage ownAccount) {
        this.accounts = accounts;
        this.setups = setups;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.twoFactor = twoFactor;
        this.sessions = sessions;
        this.ownAccount = ownAccount;
    }

    record NewAccountForm(String email, String name, String role) {
        static NewAccountForm empty() {
            return new NewAccountForm(null, null, Role.MODERATOR.id());
        }
    }

    record NewTokenForm(String label, String days) {
        static NewTokenForm empty() {
            return new NewTokenForm(null, "90");
        }
    }

    @GetMapping("/staff/accounts")
    @PreAuthorize("hasRole('ADMIN')")
    ModelAndView accounts(@AuthenticationPrincipal StaffUser user) {
        return accountsPage(user, NewAccountForm.empty(), RefusedForm.NONE);
    }

    @PostMapping("/staff/accounts")
    @PreAuthorize("hasRole('ADMIN')")
    ModelAndView add(@AuthenticationPrincipal StaffUser user, NewAccountForm form, HttpServletResponse response) {
        return RefusedForm.INPUT_OR_CONFLICT.attempt(() -> {
            Account account = accounts.add(form.email(), form.name(), form.role());
            return withSetupLink(user, account, "accounts.page.notice.added", response);
        }, refused -> accountsPage(user, form, refused));
    }

    @PostMapping("/staff/accounts/{id}/password-link")
    @PreAuthorize("hasRole('ADMIN')")
    ModelAndView passwordLink(@AuthenticationPrincipal StaffUser user, @PathVariable String id, HttpServletResponse response) {
        Account account = accounts.require(id);
        if (!account.active()) throw new ConflictException("account", "a disabled account gets no password link");
        return withSetupLink(user, account, "accounts.page.notice.link", response);
    }

    private ModelAndView withSetupLink(StaffUser user, Account account, String notice, HttpServletResponse response) {
        ModelAndView page = accountsPage(user, NewAccountForm.empty(), RefusedForm.NONE);
        page.addObject(NOTICE, notice);
        page.addObject("noticeName", account.name());
        page.addObject("setupLink", setups.issue(account.id()));
        return OwnAccountPage.showingSecret(page, response);
    }

    @PostMapping("/staff/accounts/{id}/disable")
    @PreAuthorize("hasRole('ADMIN')")
    String disable(@AuthenticationPrincipal StaffUser user, @PathVariable String id, RedirectAttributes redirect) {
        Account account = accounts.require(id);
        // Locking oneself out is never what an admin meant; another admin can do it.
        if (account.id().equals(user.accountId())) throw new ConflictException("account", "you cannot disable your own account");
        accounts.disable(id);
        redirect.addFlashAttribute(NOTICE, "accounts.page.notice.disabled");
        redirect.addFlashAttribute("noticeName", account.name());
        return "redirect:/staff/accounts";
    }

    @PostMapping("/staff/accounts/{id}/sessions/revoke")
    @PreAuthorize("hasRole('ADMIN')")
    String revokeSessions(@PathVariable String id, RedirectAttributes redirect) {
        Account account = accounts.require(id);
        sessions.revokeOthers(account.id());
        redirect.addFlashAttribute(NOTICE, "accounts.page.notice.signedOut");
        redirect.addFlashAttribute("noticeName", account.name());
        return "redirect:/staff/accounts";
    }

    @PostMapping("/staff/account/sessions/revoke")
    String revokeMyOtherSessions(@AuthenticationPrincipal StaffUser user, RedirectAttributes redirect) {
        sessions.revokeOthers(user.accountId());
        redirect.addFlashAttribute(NOTICE, "account.page.notice.signedOut");
        return "redirect:/staff/account#sessions";
    }

    @GetMapping("/staff/account")
    ModelAndView myAccount(@AuthenticationPrincipal StaffUser user) {
        return ownAccount.render(user, NewTokenForm.empty(), RefusedForm.NONE);
    }

    @PostMapping("/staff/account/tokens")
    ModelAndView createToken(@AuthenticationPrincipal StaffUser user, NewTokenForm form, HttpServletResponse response) {
        return RefusedForm.INPUT.attempt(() -> {
            IssuedToken issued = tokens.createForAccount(user.email(), expiry(form.days()), form.label());
            ModelAndView page = ownAccount.render(user, NewTokenForm.empty(), RefusedForm.NONE);
            page.addObject(NOTICE, "account.page.notice.token");
            page.addObject("newToken", issued.token());
            return OwnAccountPage.showingSecret(page, response);
        }, refused -> ownAccount.render(user, form, refused.at("token-" + refused.field())));
    }

    @PostMapping("/staff/account/tokens/{id}/revoke")
    String revokeToken(@AuthenticationPrincipal StaffUser user, @PathVariable String id, RedirectAttributes redirect) {
        tokens.revokeById(id, user);
        redirect.addFlashAttribute(NOTICE, "account.page.notice.revoked");
        return "redirect:/staff/account";
    }

    private Instant expiry(String days) {
        int count;
        try {
            count = Integer.parseInt(days == null ? "" : days.strip());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1 || count > MAX_TOKEN_DAYS) {
            throw new InvalidInputException("days", "a token lasts between 1 and " + MAX_TOKEN_DAYS + " days");
        }
        return clock.instant().plus(Duration.ofDays(count));
    }

    private ModelAndView accountsPage(StaffUser user, NewAccountForm form, RefusedForm refused) {
        audit.record("list", "account", null, null);
        List<Account> all = accounts.all().stream()
                .sorted(Comparator.comparing((Account a) -> !a.active()).thenComparing(Account::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        ModelAndView page = new ModelAndView("accounts/accounts");
        page.addObject("accounts", all);
        page.addObject("me", user.accountId());
        page.addObject("roles", Role.values());
        page.addObject("twoFactorAccounts", twoFactor.enrolledAccounts());
        page.addObject("twoFactorRequired", twoFactor.required());
        page.addObject("form", form);
        return refused.on(page);
    }
}
