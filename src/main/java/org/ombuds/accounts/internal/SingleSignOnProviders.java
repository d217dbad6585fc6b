package org.ombuds.accounts.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ombuds.platform.OmbudsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/**
 * The single sign-on providers the operator configured, as Spring Security client registrations. GitHub and GitLab
 * are described here (their endpoints are fixed, relative to their url); an OpenID Connect provider describes itself
 * in its discovery document, read on first use so that Ombuds starts even while the provider is unreachable.
 * Provider callbacks come back to OMBUDS_BASE_URL, the address the operator registered with the provider.
 */
@Component
@EnableConfigurationProperties(SingleSignOnSettings.class)
class SingleSignOnProviders {
    static final String GITHUB = "github";
    static final String GITLAB = "gitlab";
    static final String OIDC = "oidc";
    private static final Logger log = LoggerFactory.getLogger(SingleSignOnProviders.class);
    private static final ClientRegistration.ClientSettings PKCE = ClientRegistration.ClientSettings.builder().requireProofKey(true).build();

    /** A provider as the login page shows it. */
    record Provider(String id, String name) {
    }

    private final SingleSignOnSettings settings;
    private final String redirectUri;
    private final Map<String, ClientRegistration> fixed = new LinkedHashMap<>();
    private volatile ClientRegistration discovered;

    SingleSignOnProviders(SingleSignOnSettings settings, OmbudsProperties properties) {
        this.settings = settings;
        this.redirectUri = properties.baseUrl() + "/login/oauth2/code/{registrationId}";
        if (settings.github().enabled()) fixed.put(GITHUB, github(settings.github()));
        if (settings.gitlab().enabled()) fixed.put(GITLAB, gitlab(settings.gitlab()));
    }

    boolean any() {
        return !fixed.isEmpty() || settings.oidc().enabled();
    }

    List<Provider> configured() {
        List<Provider> providers = new ArrayList<>();
        fixed.values().forEach(registration -> providers.add(new Provider(registration.getRegistrationId(), registration.getClientName())));
        if (settings.oidc().enabled()) providers.add(new Provider(OIDC, settings.oidc().name()));
        return providers;
    }

    /** A configured provider's display name. */
    java.util.Optional<String> nameOf(String registrationId) {
        return configured().stream().filter(provider -> provider.id().equals(registrationId)).map(Provider::name).findFirst();
    }

    /**
     * The registrations for the sign-in flow. Deliberately not a bean of that type: Spring Boot would then set up OAuth2
     * client machinery (an authorized-client store holding access tokens) that sign-in does not need.
     */
    ClientRegistrationRepository repository() {
        return this::registration;
    }

    ClientRegistration registration(String registrationId) {
        if (OIDC.equals(registrationId) && settings.oidc().enabled()) return oidc();
        return fixed.get(registrationId);
    }

    private ClientRegistration oidc() {
        ClientRegistration registration = discovered;
        if (registration != null) return registration;
        synchronized (this) {
            if (discovered != null) return discovered;
            SingleSignOnSettings.Oidc oidc = settings.oidc();
            try {
                discovered = ClientRegistrations.fromIssuerLocation(oidc.issuer()).registrationId(OIDC)
                        .clientId(oidc.clientId()).clientSecret(oidc.clientSecret()).clientName(oidc.name())
                        .scope("openid", "email", "profile").redirectUri(redirectUri).clientSettings(PKCE).build();
            } catch (RuntimeException e) {
                // Tried again at the next sign-in; the message names the issuer, never the secret.
                log.warn("OpenID Connect discovery at {} failed: {}", oidc.issuer(), e.getMessage());
                return null;
            }
            return discovered;
        }
    }

    /** GitHub's OAuth app flow; {@code user:email} lets Ombuds ask which of the user's addresses GitHub verified. */
    private ClientRegistration github(SingleSignOnSettings.GitHub github) {
        return base(GITHUB, github.clientId(), github.clientSecret()).clientName("GitHub").scope("read:user", "user:email")
                .authorizationUri(github.url() + "/login/oauth/authorize").tokenUri(github.url() + "/login/oauth/access_token")
                .userInfoUri(github.apiUrl() + "/user").userNameAttributeName("login").build();
    }

    /** GitLab's OAuth 2 flow with its user API; {@code read_user} is the narrowest scope that reads the username. */
    private ClientRegistration gitlab(SingleSignOnSettings.GitLab gitlab) {
        return base(GITLAB, gitlab.clientId(), gitlab.clientSecret()).clientName("GitLab").scope("read_user")
                .authorizationUri(gitlab.url() + "/oauth/authorize").tokenUri(gitlab.url() + "/oauth/token")
                .userInfoUri(gitlab.url() + "/api/v4/user").userNameAttributeName("username").build();
    }

    private ClientRegistration.Builder base(String id, String clientId, String clientSecret) {
        return ClientRegistration.withRegistrationId(id).clientId(clientId).clientSecret(clientSecret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri(redirectUri).clientSettings(PKCE);
    }
}
