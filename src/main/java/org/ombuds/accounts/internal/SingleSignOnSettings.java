package org.ombuds.accounts.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Single sign-on for staff, bound from {@code ombuds.sso.*} (OMBUDS_SSO_* in the environment). A provider is on when
 * its client id and secret are set (and, for OpenID Connect, its issuer); with none, sign-in is by password only.
 */
@ConfigurationProperties("ombuds.sso")
record SingleSignOnSettings(GitHub github, GitLab gitlab, Oidc oidc) {
    SingleSignOnSettings {
        if (github == null) github = new GitHub(null, null, null, null);
        if (gitlab == null) gitlab = new GitLab(null, null, null);
        if (oidc == null) oidc = new Oidc(null, null, null, null);
    }

    /** An OAuth app on github.com, or on a GitHub Enterprise Server (its url and api-url). */
    record GitHub(String clientId, String clientSecret, String url, String apiUrl) {
        GitHub {
            url = withoutSlash(url, "https://github.com");
            apiUrl = withoutSlash(apiUrl, "https://api.github.com");
        }

        boolean enabled() {
            return present(clientId) && present(clientSecret);
        }
    }

    /** An application on gitlab.com or on a self-managed GitLab (its url). */
    record GitLab(String clientId, String clientSecret, String url) {
        GitLab {
            url = withoutSlash(url, "https://gitlab.com");
        }

        boolean enabled() {
            return present(clientId) && present(clientSecret);
        }
    }

    /** Any OpenID Connect provider, found through its issuer's discovery document; {@code name} labels its button. */
    record Oidc(String issuer, String clientId, String clientSecret, String name) {
        Oidc {
            if (!present(name)) name = "OpenID Connect";
        }

        boolean enabled() {
            return present(issuer) && present(clientId) && present(clientSecret);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String withoutSlash(String url, String fallback) {
        String value = present(url) ? url.strip() : fallback;
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
