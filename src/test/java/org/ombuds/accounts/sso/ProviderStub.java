package org.ombuds.accounts.sso;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.ombuds.support.Http;

/**
 * What the authorization-code providers have in common, done as their documentation says: an authorization endpoint
 * that checks the client and its registered redirect URI and answers with a one-time code and the state unchanged,
 * PKCE (S256) checked at the token endpoint, codes used once, bearer access tokens. The person "signed in at the
 * provider" is whoever the test says; each subclass adds its provider's own endpoints and answer formats.
 */
abstract class ProviderStub implements AutoCloseable {
    final String clientId;
    final String clientSecret;
    final String redirectUri;
    private final HttpServer server;
    /** Every access token issued, so that tests can check none ends up in logs or the audit log. */
    final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    final Map<String, Grant> codes = new ConcurrentHashMap<>();
    final Map<String, Object> tokens = new ConcurrentHashMap<>();
    volatile Object signedIn;

    /** What the person approved at the authorization endpoint, redeemed once at the token endpoint. */
    record Grant(Object user, String redirectUri, String scope, String nonce, String challenge) {
    }

    ProviderStub(String clientId, String clientSecret, String redirectUri) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    void route(String path, Handler handler) {
        server.createContext(path, exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, "text/plain", "stub failure: " + e);
            } finally {
                exchange.close();
            }
        });
    }

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /**
     * The authorization endpoint: the client and redirect URI must be the registered ones; the person signed in at the
     * provider approves; the browser goes back with a one-time code and the state exactly as sent.
     */
    void authorize(HttpExchange exchange, boolean requireOpenId) throws IOException {
        Map<String, String> query = query(exchange);
        if (!clientId.equals(query.get("client_id")) || !redirectUri.equals(query.get("redirect_uri"))) {
            // Providers show an error page rather than redirecting to an unregistered address.
            send(exchange, 400, "text/plain", "unknown client or redirect_uri not registered");
            return;
        }
        String error = null;
        if (!"code".equals(query.get("response_type"))) error = "unsupported_response_type";
        if (requireOpenId && !List.of(query.getOrDefault("scope", "").split(" ")).contains("openid")) error = "invalid_scope";
        if (query.containsKey("code_challenge") && !"S256".equals(query.get("code_challenge_method"))) error = "invalid_request";
        if (signedIn == null) error = "access_denied";
        Map<String, String> answer = new LinkedHashMap<>();
        if (error != null) {
            answer.put("error", error);
        } else {
            String code = UUID.randomUUID().toString().replace("-", "");
            codes.put(code, new Grant(signedIn, query.get("redirect_uri"), query.get("scope"), query.get("nonce"), query.get("code_challenge")));
            answer.put("code", code);
        }
        if (query.containsKey("state")) answer.put("state", query.get("state"));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?" + encode(answer));
        exchange.sendResponseHeaders(302, -1);
    }

    /** The code's grant, if the code is known (once), issued for this redirect URI and the PKCE verifier fits. */
    Grant redeem(Map<String, String> form) {
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))) return null;
        if (grant.challenge() != null && !grant.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) return null;
        return grant;
    }

    String issueAccessToken(Object user, String prefix) {
        String token = prefix + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, user);
        issuedTokens.add(token);
        return token;
    }

    /** The user an {@code Authorization: Bearer} (or GitHub's {@code token}) header stands for. */
    Object bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) return null;
        String token = header.startsWith("Bearer ") ? header.substring(7) : header.startsWith("token ") ? header.substring(6) : "";
        return tokens.get(token);
    }

    /** The client's credentials by HTTP Basic (client_secret_basic) or in the form (client_secret_post). */
    boolean clientAuthenticated(HttpExchange exchange, Map<String, String> form) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            return pair.length == 2 && clientId.equals(decode(pair[0])) && clientSecret.equals(decode(pair[1]));
        }
        return clientId.equals(form.get("client_id")) && clientSecret.equals(form.get("client_secret"));
    }

    static Map<String, String> query(HttpExchange exchange) {
        return parse(exchange.getRequestURI().getRawQuery());
    }

    static Map<String, String> form(HttpExchange exchange) throws IOException {
        return parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return fields;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return fields;
    }

    static String encode(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((key, value) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(key, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        send(exchange, status, "application/json; charset=utf-8", Http.JSON.writeValueAsString(body));
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
