package org.ombuds.accounts.internal;

import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.PasswordSetups;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RefusedForm;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-in and setting a password from a one-time link (the staff landing page is the workspace module's). */
@Controller
class AccountPages {
    private final PasswordSetups setups;
    private final SingleSignOnProviders providers;

    AccountPages(PasswordSetups setups, SingleSignOnProviders providers) {
        this.setups = setups;
        this.providers = providers;
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String signedOut,
                 @RequestParam(required = false) String passwordSet, @RequestParam(required = false) String locked,
                 @RequestParam(required = false) String expired, @RequestParam(required = false) String ssoRefused,
                 @RequestParam(required = false) String ssoFailed, Model model) {
        model.addAttribute("providers", providers.configured());
        // Named only when it is a configured provider: the parameter is whatever the address bar says.
        model.addAttribute("ssoRefused", ssoRefused == null ? null : providers.nameOf(ssoRefused).orElse(""));
        model.addAttribute("ssoFailed", ssoFailed == null ? null : providers.nameOf(ssoFailed).orElse(""));
        model.addAttribute("loginError", error != null);
        model.addAttribute("signedOut", signedOut != null);
        model.addAttribute("expired", expired != null);
        model.addAttribute("passwordSet", passwordSet != null);
        model.addAttribute("lockedMinutes", locked != null && locked.matches("\\d{1,5}") ? Long.valueOf(locked) : null);
        return "accounts/login";
    }

    @GetMapping("/account/setup")
    String setup(@RequestParam(required = false) String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("valid", setups.isValid(token));
        model.addAttribute("minLength", Accounts.MIN_PASSWORD);
        return "accounts/setup";
    }

    @PostMapping("/account/setup")
    String setPassword(@RequestParam(required = false) String token, @RequestParam(required = false) String password,
                       @RequestParam(required = false) String confirmation, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("minLength", Accounts.MIN_PASSWORD);
        model.addAttribute("valid", true);
        try {
            if (password == null || !password.equals(confirmation)) {
                throw new InvalidInputException("confirmation", "the two passwords differ");
            }
            setups.redeem(token, password);
            return "redirect:/login?passwordSet";
        } catch (InvalidInputException e) {
            model.addAttribute("valid", !"token".equals(e.field()));
            RefusedForm.of(e).on(model);
            return "accounts/setup";
        }
    }
}
