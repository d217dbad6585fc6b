package org.ombuds.accounts.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.StaffUser;
import org.ombuds.accounts.TwoFactor;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RefusedForm;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Two-factor sign-in in the pages: the second step of a sign-in ({@code /login/second-factor}), setting it up and
 * turning it off on one's own account, new recovery codes, and the admins' policy and reset on the accounts page.
 */
@Controller
class SecondFactorPages {
    private static final String NOTICE = "notice";
    private final TwoFactor twoFactor;
    private final SignInThrottle throttle;
    private final Accounts accounts;
    private final OwnAccountPage ownAccount;

    SecondFactorPages(TwoFactor twoFactor, SignInThrottle throttle, Accounts accounts, OwnAccountPage ownAccount) {
        this.twoFactor = twoFactor;
        this.throttle = throttle;
        this.accounts = accounts;
        this.ownAccount = ownAccount;
    }

    @GetMapping(SecondFactorGate.PAGE)
    ModelAndView secondFactor(HttpServletRequest request) {
        StaffUser user = SecondFactorGate.signedIn();
        if (user == null) return new ModelAndView("redirect:/login");
        if (SecondFactorGate.passed(request, user)) return new ModelAndView("redirect:/staff");
        return secondFactorPage(null, null, HttpStatus.OK);
    }

    @PostMapping(SecondFactorGate.PAGE)
    ModelAndView verify(@RequestParam(required = false) String code, HttpServletRequest request) {
        StaffUser user = SecondFactorGate.signedIn();
        if (user == null) return new ModelAndView("redirect:/login");
        Optional<Duration> locked = throttle.lockedFor(user.email(), request.getRemoteAddr());
        if (locked.isPresent()) return secondFactorPage(null, SignInThrottle.minutes(locked.get()), HttpStatus.TOO_MANY_REQUESTS);
        if (!twoFactor.verify(user.accountId(), code)) {
            Optional<Duration> now = throttle.failed(user.email(), request.getRemoteAddr());
            return now.map(wait -> secondFactorPage(null, SignInThrottle.minutes(wait), HttpStatus.TOO_MANY_REQUESTS))
                    .orElseGet(() -> secondFactorPage("second-factor.wrong", null, HttpStatus.BAD_REQUEST));
        }
        throttle.succeeded(user.email());
        SecondFactorGate.markPassed(request, user);
        HttpSession session = request.getSession();
        Object target = session.getAttribute(SecondFactorGate.TARGET);
        session.removeAttribute(SecondFactorGate.TARGET);
        return new ModelAndView("redirect:" + (target instanceof String path ? path : "/staff"));
    }

    private ModelAndView secondFactorPage(String error, Long lockedMinutes, HttpStatus status) {
        ModelAndView page = new ModelAndView("accounts/second-factor");
        page.addObject("error", error);
        page.addObject("lockedMinutes", lockedMinutes);
        page.setStatus(status);
        return page;
    }

    @GetMapping(SecondFactorGate.ENROLMENT)
    ModelAndView enrolment(@AuthenticationPrincipal StaffUser user) {
        if (twoFactor.enrolled(user.accountId())) return new ModelAndView("redirect:/staff/account");
        return enrolmentPage(user, null, HttpStatus.OK);
    }

    @PostMapping(SecondFactorGate.ENROLMENT)
    ModelAndView confirm(@AuthenticationPrincipal StaffUser user, @RequestParam(required = false) String code,
                         HttpServletRequest request, HttpServletResponse response) {
        if (twoFactor.enrolled(user.accountId())) return new ModelAndView("redirect:/staff/account");
        try {
            List<String> codes = twoFactor.confirm(user.accountId(), code);
            SecondFactorGate.markPassed(request, user);
            return withRecoveryCodes(user, "two-factor.notice.on", codes, response);
        } catch (InvalidInputException e) {
            return enrolmentPage(user, e.getMessage(), HttpStatus.BAD_REQUEST);
        }
    }

    private ModelAndView enrolmentPage(StaffUser user, String error, HttpStatus status) {
        TwoFactor.Enrolment enrolment = twoFactor.enrolment(user.accountId());
        ModelAndView page = new ModelAndView("accounts/two-factor");
        page.addObject("secret", enrolment.secret().replaceAll("(.{4})(?!$)", "$1 "));
        page.addObject("qrCode", QrCodes.svgDataUri(enrolment.uri()));
        page.addObject("required", twoFactor.required());
        page.addObject("error", error);
        page.setStatus(status);
        return page;
    }

    @PostMapping("/staff/account/two-factor/disable")
    String disable(@AuthenticationPrincipal StaffUser user, @RequestParam(required = false) String password,
                   @RequestParam(required = false) String code, HttpServletRequest request, RedirectAttributes redirect) {
        // The password and a code are asked for in case someone else holds this session: their guesses count too.
        Optional<Duration> locked = throttle.lockedFor(user.email(), request.getRemoteAddr());
        try {
            if (locked.isPresent()) throw new InvalidInputException("password", "too many attempts; try again in "
                    + SignInThrottle.minutes(locked.get()) + (SignInThrottle.minutes(locked.get()) == 1 ? " minute" : " minutes"));
            twoFactor.disable(user.accountId(), password, code);
            redirect.addFlashAttribute(NOTICE, "two-factor.notice.off");
        } catch (InvalidInputException e) {
            if (locked.isEmpty()) throttle.failed(user.email(), request.getRemoteAddr());
            redirect.addFlashAttribute("twoFactorError", e.getMessage());
            redirect.addFlashAttribute("twoFactorErrorField", "two-factor-" + e.field());
        }
        return "redirect:/staff/account#two-factor";
    }

    @PostMapping("/staff/account/recovery-codes")
    ModelAndView newRecoveryCodes(@AuthenticationPrincipal StaffUser user, HttpServletResponse response) {
        return withRecoveryCodes(user, "two-factor.notice.codes", twoFactor.newRecoveryCodes(user.accountId()), response);
    }

    private ModelAndView withRecoveryCodes(StaffUser user, String notice, List<String> codes, HttpServletResponse response) {
        ModelAndView page = ownAccount.render(user, StaffAccountPages.NewTokenForm.empty(), RefusedForm.NONE);
        page.addObject(NOTICE, notice);
        page.addObject("recoveryCodes", codes);
        return OwnAccountPage.showingSecret(page, response);
    }

    @PostMapping("/staff/accounts/two-factor")
    @PreAuthorize("hasRole('ADMIN')")
    String policy(@AuthenticationPrincipal StaffUser user, @RequestParam(required = false) String required, RedirectAttributes redirect) {
        boolean require = "true".equals(required);
        twoFactor.require(require, user.accountId());
        redirect.addFlashAttribute(NOTICE, require ? "accounts.page.notice.twoFactorRequired" : "accounts.page.notice.twoFactorOptional");
        return "redirect:/staff/accounts";
    }

    @PostMapping("/staff/accounts/{id}/two-factor/reset")
    @PreAuthorize("hasRole('ADMIN')")
    String reset(@PathVariable String id, RedirectAttributes redirect) {
        Account account = accounts.require(id);
        twoFactor.reset(account.id());
        redirect.addFlashAttribute(NOTICE, "accounts.page.notice.twoFactorReset");
        redirect.addFlashAttribute("noticeName", account.name());
        return "redirect:/staff/accounts";
    }
}
