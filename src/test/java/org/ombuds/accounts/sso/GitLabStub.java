package org.ombuds.accounts.sso;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * GitLab as an OAuth 2 provider, as its documentation describes it ("OAuth 2.0 identity provider API", authorization
 * code flow with PKCE): {@code GET /oauth/authorize}, {@code POST /oauth/token} (client_id, client_secret, code,
 * grant_type, redirect_uri, code_verifier; RFC 6749 errors as JSON with status 400/401), and the REST API's
 * {@code GET /api/v4/user} for the token's user (the read_user scope).
 */
final class GitLabStub extends ProviderStub {
    record User(long id, String username, String name, String email) {
    }

    GitLabStub(String clientId, String clientSecret, String redirectUri) {
        super(clientId, clientSecret, redirectUri);
        route("/oauth/authorize", exchange -> authorize(exchange, false));
        route("/oauth/token", this::token);
        route("/api/v4/user", this::user);
    }

    void signIn(User user) {
        signedIn = user;
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        if (!clientAuthenticated(exchange, form)) {
            json(exchange, 401, Map.of("error", "invalid_client", "error_description",
                    "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."));
            return;
        }
        Grant grant = "authorization_code".equals(form.get("grant_type")) ? redeem(form) : null;
        if (grant == null) {
            json(exchange, 400, Map.of("error", "invalid_grant", "error_description",
                    "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", issueAccessToken(grant.user(), "glpat-"));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 7200);
        answer.put("refresh_token", "refresh-" + grant.hashCode());
        answer.put("scope", grant.scope());
        answer.put("created_at", Instant.now().getEpochSecond());
        json(exchange, 200, answer);
    }

    private void user(HttpExchange exchange) throws IOException {
        User user = (User) bearer(exchange);
        if (user == null) {
            json(exchange, 401, Map.of("message", "401 Unauthorized"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", user.id());
        body.put("username", user.username());
        body.put("name", user.name());
        body.put("state", "active");
        body.put("locked", false);
        body.put("avatar_url", url() + "/uploads/-/system/user/avatar/" + user.id() + "/avatar.png");
        body.put("web_url", url() + "/" + user.username());
        body.put("email", user.email());
        json(exchange, 200, body);
    }
}
