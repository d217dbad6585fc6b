package org.ombuds.accounts.sso;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * GitHub's OAuth app web flow as its documentation describes it ("Authorizing OAuth apps"): {@code GET
 * /login/oauth/authorize} on github.com, {@code POST /login/oauth/access_token} taking client_id, client_secret, code,
 * redirect_uri and code_verifier and answering JSON only when asked with {@code Accept: application/json} (form-encoded
 * otherwise; errors such as {@code bad_verification_code} with status 200); and the REST API on its own host:
 * {@code GET /user} and {@code GET /user/emails} (which needs the user:email scope, 404 without it).
 */
final class GitHubStub extends ProviderStub {
    record Email(String email, boolean verified, boolean primary) {
    }

    /** Who is signed in at GitHub: the login, the public profile email (anyone can type any) and the addresses with their status. */
    record Account(long id, String login, String name, String publicEmail, List<Email> emails) {
    }

    final ApiStub api;

    GitHubStub(String clientId, String clientSecret, String redirectUri) {
        super(clientId, clientSecret, redirectUri);
        api = new ApiStub(this);
        route("/login/oauth/authorize", exchange -> authorize(exchange, false));
        route("/login/oauth/access_token", this::accessToken);
    }

    void signIn(Account account) {
        signedIn = account;
    }

    private void accessToken(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        Map<String, String> answer = new LinkedHashMap<>();
        Grant grant = null;
        if (!"POST".equals(exchange.getRequestMethod()) || !clientAuthenticated(exchange, form)) {
            answer.put("error", "incorrect_client_credentials");
            answer.put("error_description", "The client_id and/or client_secret passed are incorrect.");
        } else if ((grant = redeem(form)) == null) {
            answer.put("error", "bad_verification_code");
            answer.put("error_description", "The code passed is incorrect or expired.");
        } else {
            answer.put("access_token", issueAccessToken(new Granted((Account) grant.user(), grant.scope()), "gho_"));
            answer.put("scope", grant.scope().replace(' ', ','));
            answer.put("token_type", "bearer");
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && accept.contains("application/json")) {
            json(exchange, 200, answer);
        } else {
            send(exchange, 200, "application/x-www-form-urlencoded; charset=utf-8", encode(answer));
        }
    }

    /** A token stands for the account and the scopes granted with it. */
    record Granted(Account account, String scope) {
    }

    /** api.github.com. */
    static final class ApiStub extends ProviderStub {
        private final GitHubStub github;

        ApiStub(GitHubStub github) {
            super(github.clientId, github.clientSecret, github.redirectUri);
            this.github = github;
            route("/user", this::user);
        }

        private void user(HttpExchange exchange) throws IOException {
            Granted granted = (Granted) github.bearer(exchange);
            if (granted == null) {
                json(exchange, 401, Map.of("message", "Requires authentication", "documentation_url", "https://docs.github.com/rest"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/user/emails")) {
                if (!List.of(granted.scope().split(" ")).contains("user:email")) {
                    json(exchange, 404, Map.of("message", "Not Found", "documentation_url", "https://docs.github.com/rest"));
                    return;
                }
                json(exchange, 200, granted.account().emails().stream().map(email -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("email", email.email());
                    entry.put("primary", email.primary());
                    entry.put("verified", email.verified());
                    entry.put("visibility", email.primary() ? "private" : null);
                    return entry;
                }).toList());
                return;
            }
            if (!path.equals("/user")) {
                json(exchange, 404, Map.of("message", "Not Found"));
                return;
            }
            Account account = granted.account();
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("login", account.login());
            user.put("id", account.id());
            user.put("node_id", "U_" + account.id());
            user.put("avatar_url", "https://avatars.githubusercontent.com/u/" + account.id());
            user.put("type", "User");
            user.put("site_admin", false);
            user.put("name", account.name());
            user.put("email", account.publicEmail());
            json(exchange, 200, user);
        }
    }
}
