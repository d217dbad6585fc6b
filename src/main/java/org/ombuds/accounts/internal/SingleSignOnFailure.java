package org.ombuds.accounts.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Back to the login page with one message for every identity that is not an active staff account (unknown, disabled,
 * unverified address alike, so the page says nothing about which accounts exist) and another for a sign-in that did
 * not complete (state or nonce mismatch, the provider refused or failed). Refusals are audited; the log gets the
 * reason or the OAuth error code, never a token or the identity.
 */
class SingleSignOnFailure implements AuthenticationFailureHandler {
    private static final Logger log = LoggerFactory.getLogger(SingleSignOnFailure.class);
    private static final java.util.regex.Pattern PROVIDER = java.util.regex.Pattern.compile("/(?:login/oauth2/code|oauth2/authorization)/([a-z]{1,20})$");
    private final AuditLog audit;
    private final SingleSignOnProviders providers;

    SingleSignOnFailure(AuditLog audit, SingleSignOnProviders providers) {
        this.audit = audit;
        this.providers = providers;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String provider = provider(request);
        if (exception instanceof RefusedSignIn refused) {
            log.info("Sign-in with {} refused: {}", provider, refused.refusal().reason());
            audit.recordAs("anonymous", "sign-in-" + provider + "-refused", "account", refused.refusal().accountId(), null,
                    request.getRemoteAddr());
            response.sendRedirect(request.getContextPath() + "/login?ssoRefused=" + provider);
            return;
        }
        String code = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : exception.getClass().getSimpleName();
        log.info("Sign-in with {} did not complete: {}", provider, code);
        response.sendRedirect(request.getContextPath() + "/login?ssoFailed=" + provider);
    }

    /** The configured provider named in the path, or "sso" for any other: only known ids go into the redirect and the log. */
    private String provider(HttpServletRequest request) {
        var matcher = PROVIDER.matcher(request.getRequestURI());
        return matcher.find() && providers.nameOf(matcher.group(1)).isPresent() ? matcher.group(1) : "sso";
    }
}
