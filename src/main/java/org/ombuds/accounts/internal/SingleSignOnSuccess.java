package org.ombuds.accounts.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.StaffUser;
import org.ombuds.audit.AuditLog;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Ends a provider's sign-in the way a password sign-in ends: the session holds the account's {@link StaffUser} (so
 * that {@link SessionRecheck} signs it out when it is disabled or its role changes, and any later sign-in step sees
 * the same principal), keeping Spring Security's record of the factor used. Audited; then on to /staff.
 */
class SingleSignOnSuccess implements AuthenticationSuccessHandler {
    private final Accounts accounts;
    private final AuditLog audit;
    private final SecurityContextRepository contexts;
    private final AuthenticationFailureHandler failure;
    private final SavedRequestAwareAuthenticationSuccessHandler next = new SavedRequestAwareAuthenticationSuccessHandler();

    SingleSignOnSuccess(Accounts accounts, AuditLog audit, SecurityContextRepository contexts, AuthenticationFailureHandler failure) {
        this.accounts = accounts;
        this.audit = audit;
        this.contexts = contexts;
        this.failure = failure;
        next.setDefaultTargetUrl("/staff");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        OAuth2AuthenticationToken provided = (OAuth2AuthenticationToken) authentication;
        StaffSignIn signIn = (StaffSignIn) provided.getPrincipal();
        // Checked again: the account may have been disabled between the match and now.
        StaffUser user = accounts.signedIn(signIn.accountId()).orElse(null);
        if (user == null) {
            SecurityContextHolder.clearContext();
            contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
            failure.onAuthenticationFailure(request, response, new RefusedSignIn(
                    new SignInMatching.Refused(SignInMatching.Refused.DISABLED, signIn.accountId())));
            return;
        }
        List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
        provided.getAuthorities().stream().filter(FactorGrantedAuthority.class::isInstance).forEach(authorities::add);
        UsernamePasswordAuthenticationToken staff = UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
        staff.setDetails(provided.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(staff);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        audit.record("sign-in-" + provided.getAuthorizedClientRegistrationId(), "account", user.accountId(), null);
        next.onAuthenticationSuccess(request, response, staff);
    }
}
