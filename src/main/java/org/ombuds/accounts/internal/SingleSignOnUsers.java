package org.ombuds.accounts.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Turns the identity a provider vouched for into a staff account, or refuses it. GitHub and GitLab: the login or
 * username, as a handle linked to the account; GitHub also an address its API lists as verified. OpenID Connect:
 * the email, when the provider sets {@code email_verified} (the ID token's signature, issuer, audience and nonce are
 * checked by Spring Security before this runs).
 */
@Component
class SingleSignOnUsers {
    private static final Logger log = LoggerFactory.getLogger(SingleSignOnUsers.class);
    private final SignInMatching matching;
    // Made on the first sign-in through a provider: each builds an HTTP client with its converters, work a server
    // start need not do (most instances have no provider, and sign-ins are rare).
    private final SingletonSupplier<DefaultOAuth2UserService> providerUsers = SingletonSupplier.of(DefaultOAuth2UserService::new);
    private final SingletonSupplier<OidcUserService> oidcUsers = SingletonSupplier.of(OidcUserService::new);
    private final SingletonSupplier<RestClient> rest = SingletonSupplier.of(RestClient::create);

    /** An entry of GitHub's {@code GET /user/emails}. */
    record GitHubEmail(String email, boolean verified, boolean primary) {
    }

    SingleSignOnUsers(SignInMatching matching) {
        this.matching = matching;
    }

    OAuth2UserService<OAuth2UserRequest, OAuth2User> oauth2() {
        return request -> {
            OAuth2User user = providerUsers.obtain().loadUser(request);
            String registration = request.getClientRegistration().getRegistrationId();
            SignInMatching.Match match = switch (registration) {
                case SingleSignOnProviders.GITHUB -> github(request, user);
                case SingleSignOnProviders.GITLAB -> matching.byHandle("gitlab", text(user.getAttribute("username")), text(user.getAttribute("id")));
                default -> new SignInMatching.Refused(SignInMatching.Refused.UNKNOWN, null);
            };
            return accept(match, null);
        };
    }

    OAuth2UserService<OidcUserRequest, OidcUser> oidc() {
        return request -> {
            OidcUser user = oidcUsers.obtain().loadUser(request);
            SignInMatching.Match match = Boolean.TRUE.equals(user.getEmailVerified()) && user.getEmail() != null
                    ? matching.byVerifiedEmails(List.of(user.getEmail()))
                    : new SignInMatching.Refused(SignInMatching.Refused.UNVERIFIED, null);
            return accept(match, user.getIdToken());
        };
    }

    private SignInMatching.Match github(OAuth2UserRequest request, OAuth2User user) {
        SignInMatching.Match byLogin = matching.byHandle("github", text(user.getAttribute("login")), text(user.getAttribute("id")));
        if (byLogin instanceof SignInMatching.Matched || byLogin instanceof SignInMatching.Refused refused && refused.accountId() != null) {
            return byLogin;
        }
        return matching.byVerifiedEmails(verifiedGitHubEmails(request));
    }

    /** GitHub's own list of the user's addresses (the profile's public email says nothing about verification). */
    private List<String> verifiedGitHubEmails(OAuth2UserRequest request) {
        String uri = request.getClientRegistration().getProviderDetails().getUserInfoEndpoint().getUri() + "/emails";
        try {
            List<GitHubEmail> emails = rest.obtain().get().uri(uri)
                    .header("Authorization", "Bearer " + request.getAccessToken().getTokenValue())
                    .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28")
                    .retrieve().body(new ParameterizedTypeReference<List<GitHubEmail>>() { });
            return emails == null ? List.of() : emails.stream().filter(GitHubEmail::verified).map(GitHubEmail::email).toList();
        } catch (RestClientException e) {
            // Without the user:email scope GitHub answers 404; then no address counts.
            log.info("GitHub's list of verified addresses could not be read: {}", e.getClass().getSimpleName());
            return List.of();
        }
    }

    private static StaffSignIn accept(SignInMatching.Match match, OidcIdToken idToken) {
        if (match instanceof SignInMatching.Matched matched) return new StaffSignIn(matched.accountId(), idToken);
        throw new RefusedSignIn((SignInMatching.Refused) match);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
