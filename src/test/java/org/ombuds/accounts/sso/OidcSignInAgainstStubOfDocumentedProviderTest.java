package org.ombuds.accounts.sso;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.accounts.Account;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Sign-in through an OpenID Connect provider (discovery, JWKS, signed ID token, userinfo): by verified email only. */
@ExtendWith(OutputCaptureExtension.class)
class OidcSignInAgainstStubOfDocumentedProviderTest extends SingleSignOnTest {
    private static final String REFUSED = "Example ID signed you in, but that identity is not linked to an active committee account here.";
    private static final String FAILED = "Signing in with Example ID did not complete.";

    @Test
    void aMemberWhoseVerifiedEmailIsTheirAccountsSignsInAsThatAccountAndIsSignedOutWhenDisabled(CapturedOutput output) {
        Account account = staff("moderator", "Oidc Moderator");
        OIDC.signIn(new OidcProviderStub.Person(unique("sub"), account.email().toUpperCase(), true, "Someone Else"));
        SignInFlow browser = browser();

        var signedIn = browser.signInWith("oidc");

        assertThat(signedIn.path()).isEqualTo("/staff");
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.body()).as("the account's name, not the provider's").contains("Oidc Moderator").doesNotContain("Someone Else");
        var authorize = signedIn.hopTo(OIDC.url() + "/authorize").getRawQuery();
        assertThat(authorize).contains("nonce=").contains("code_challenge=").contains("code_challenge_method=S256").contains("state=");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(account.id()).query(Long.class).single())
                .as("a staff session in the database, named for the account as after a password sign-in").isEqualTo(1);
        assertThat(audited("sign-in-oidc", account.id())).singleElement()
                .satisfies(entry -> assertThat(entry.get("actor")).isEqualTo(account.id()));
        String token = OIDC.issuedTokens.get(OIDC.issuedTokens.size() - 1);
        assertThat(output.getAll()).doesNotContain(token);
        assertThat(wholeAuditLog()).doesNotContain(token);

        accounts.disable(account.id());
        var afterDisabling = browser.get("/staff");
        assertThat(afterDisabling.statusCode()).as("the session's principal is the staff account, rechecked on every request").isEqualTo(302);
        assertThat(afterDisabling.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void anEmailTheProviderHasNotVerifiedIsRefused() {
        Account account = staff("admin", "Unverified Admin");
        OIDC.signIn(new OidcProviderStub.Person(unique("sub"), account.email(), false, "Unverified Admin"));
        SignInFlow browser = browser();

        var refused = browser.signInWith("oidc");

        assertThat(refused.path()).isEqualTo("/login?ssoRefused=oidc");
        assertThat(refused.body()).contains(REFUSED).doesNotContain(account.email());
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
        assertThat(audited("sign-in-oidc", account.id())).isEmpty();
    }

    @Test
    void anUnknownAddressAndADisabledAccountGetTheSameMessage() {
        OIDC.signIn(new OidcProviderStub.Person(unique("sub"), unique("nobody") + "@example.org", true, "Nobody"));
        var unknown = browser().signInWith("oidc");

        Account disabled = staff("moderator", "Disabled Moderator");
        accounts.disable(disabled.id());
        OIDC.signIn(new OidcProviderStub.Person(unique("sub"), disabled.email(), true, "Disabled Moderator"));
        SignInFlow browser = browser();
        var refused = browser.signInWith("oidc");

        assertThat(unknown.path()).isEqualTo("/login?ssoRefused=oidc");
        assertThat(refused.path()).isEqualTo("/login?ssoRefused=oidc");
        assertThat(refused.body()).isEqualTo(unknown.body().replace(csrf(unknown.body()), csrf(refused.body())));
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'sign-in-oidc-refused' AND record_id = ?")
                .param(disabled.id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anIdTokenForAnotherNonceIsRefused() {
        Account account = staff("moderator", "Nonce Moderator");
        OIDC.signIn(new OidcProviderStub.Person(unique("sub"), account.email(), true, "Nonce Moderator"));
        OIDC.forgedNonce = "a-nonce-from-another-sign-in";
        SignInFlow browser = browser();

        var refused = browser.signInWith("oidc");

        assertThat(refused.path()).isEqualTo("/login?ssoFailed=oidc");
        assertThat(refused.body()).contains(FAILED);
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }

    @Test
    void aCallbackWithAnotherStateIsRefusedAndItsCodeNeverRedeemed() {
        Account account = staff("moderator", "State Moderator");
        OIDC.signIn(new OidcProviderStub.Person(unique("sub"), account.email(), true, "State Moderator"));
        SignInFlow browser = browser();
        int codesBefore = OIDC.codes.size();

        var refused = browser.signInWith("oidc", callback -> callback.replaceAll("state=[^&]+", "state=forged"));

        assertThat(refused.path()).isEqualTo("/login?ssoFailed=oidc");
        assertThat(refused.body()).contains(FAILED);
        assertThat(OIDC.codes).as("the code was not taken to the token endpoint").hasSize(codesBefore + 1);
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }

    @Test
    void theLoginPageHasAButtonPerProviderAndTheStrictPolicy() {
        var login = browser().get("/login");
        assertThat(login.body()).contains("href=\"/oauth2/authorization/github\"", ">Sign in with GitHub<",
                "href=\"/oauth2/authorization/gitlab\"", ">Sign in with GitLab<", "href=\"/oauth2/authorization/oidc\"", ">Sign in with Example ID<")
                .doesNotContain("<script>").doesNotContain("style=");
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("form-action 'self'").contains("script-src 'self'").contains("style-src 'self'"));
        var unknownProvider = browser().get("/oauth2/authorization/facebook");
        assertThat(unknownProvider.statusCode()).isEqualTo(302);
        assertThat(unknownProvider.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/login?ssoFailed=sso"));
        assertThat(browser().get("/login?ssoRefused=facebook").body())
                .contains("That identity is not linked to an active committee account here.").doesNotContain("facebook signed you in");
    }

    private static String csrf(String html) {
        var matcher = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(html);
        return matcher.find() ? matcher.group(1) : "";
    }
}
