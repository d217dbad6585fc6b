package org.ombuds.accounts.sso;

import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;

/**
 * An OpenID Connect provider as OpenID Connect Core 1.0 and Discovery 1.0 describe it: the discovery document at
 * {@code /.well-known/openid-configuration}, a JWKS, the authorization endpoint (code flow, nonce, PKCE), a token
 * endpoint (client_secret_basic) issuing an RS256-signed ID token, and a userinfo endpoint for the bearer token.
 * The email claims are in the userinfo answer only, as many providers do, so the client must read it.
 */
final class OidcProviderStub extends ProviderStub {
    /** Who is signed in at the provider. */
    record Person(String subject, String email, Boolean emailVerified, String name) {
    }

    private final RSAKey key;
    /** Set by a test: the next ID token carries this nonce instead of the one the client sent. */
    volatile String forgedNonce;

    OidcProviderStub(String clientId, String clientSecret, String redirectUri) {
        super(clientId, clientSecret, redirectUri);
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        route("/.well-known/openid-configuration", this::discovery);
        route("/jwks", exchange -> json(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject()));
        route("/authorize", exchange -> authorize(exchange, true));
        route("/token", this::token);
        route("/userinfo", this::userinfo);
    }

    void signIn(Person person) {
        signedIn = person;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", url());
        document.put("authorization_endpoint", url() + "/authorize");
        document.put("token_endpoint", url() + "/token");
        document.put("userinfo_endpoint", url() + "/userinfo");
        document.put("jwks_uri", url() + "/jwks");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("scopes_supported", List.of("openid", "email", "profile"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        document.put("grant_types_supported", List.of("authorization_code"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "nonce", "email", "email_verified", "name"));
        json(exchange, 200, document);
    }

    /** Token endpoint (Core 3.1.3): client_secret_basic, a known code for this redirect URI, then tokens and an ID token. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        if (!"POST".equals(exchange.getRequestMethod())) {
            json(exchange, 405, Map.of("error", "invalid_request"));
            return;
        }
        if (!clientAuthenticated(exchange, form) || exchange.getRequestHeaders().getFirst("Authorization") == null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic");
            json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        Grant grant = "authorization_code".equals(form.get("grant_type")) ? redeem(form) : null;
        if (grant == null) {
            json(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        Person person = (Person) grant.user();
        String accessToken = issueAccessToken(person, "at-");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 3600);
        answer.put("scope", grant.scope());
        answer.put("id_token", idToken(person, forgedNonce != null ? forgedNonce : grant.nonce()));
        forgedNonce = null;
        json(exchange, 200, answer);
    }

    private String idToken(Person person, String nonce) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(url()).subject(person.subject()).audience(clientId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("auth_time", now.getEpochSecond());
        if (nonce != null) claims.claim("nonce", nonce);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** UserInfo (Core 5.3): the claims of the person the bearer token was issued to; 401 with an error otherwise. */
    private void userinfo(HttpExchange exchange) throws IOException {
        Person person = (Person) bearer(exchange);
        if (person == null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            json(exchange, 401, Map.of("error", "invalid_token"));
            return;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", person.subject());
        claims.put("name", person.name());
        if (person.email() != null) claims.put("email", person.email());
        if (person.emailVerified() != null) claims.put("email_verified", person.emailVerified());
        json(exchange, 200, claims);
    }
}
