package org.ombuds.accounts.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.accounts.Accounts;
import org.ombuds.audit.AuditLog;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Adds sign-in through the configured providers to the pages' security: {@code /oauth2/authorization/{provider}} sends
 * the browser to the provider, {@code /login/oauth2/code/{provider}} takes it back. With no provider configured it
 * adds nothing, so neither path exists. State, nonce and PKCE are Spring Security's; tokens are used once to read
 * the identity and then dropped (nothing stores them).
 */
@Component
class SingleSignOnLogin {
    private final SingleSignOnProviders providers;
    private final SingleSignOnUsers users;
    private final Accounts accounts;
    private final AuditLog audit;

    SingleSignOnLogin(SingleSignOnProviders providers, SingleSignOnUsers users, Accounts accounts, AuditLog audit) {
        this.providers = providers;
        this.users = users;
        this.accounts = accounts;
        this.audit = audit;
    }

    void configure(HttpSecurity http) throws Exception {
        if (!providers.any()) return;
        SingleSignOnFailure failure = new SingleSignOnFailure(audit, providers);
        // The same places a password sign-in keeps the signed-in staff member (Spring Security's default).
        var contexts = new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                new HttpSessionSecurityContextRepository());
        http.oauth2Login(login -> login.loginPage("/login")
                .clientRegistrationRepository(providers.repository())
                .authorizedClientRepository(new NoAuthorizedClients())
                .userInfoEndpoint(info -> info.userService(users.oauth2()).oidcUserService(users.oidc()))
                .successHandler(new SingleSignOnSuccess(accounts, audit, contexts, failure))
                .failureHandler(failure)
                // An unknown provider, or an OpenID Connect provider whose discovery failed: the login page says so.
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failure);
                        return filter;
                    }
                }));
    }

    /** Sign-in needs the access token only to read the identity; it is not kept anywhere afterwards. */
    private static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                                                                       HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal, HttpServletRequest request,
                                         HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                                           HttpServletResponse response) {
        }
    }
}
