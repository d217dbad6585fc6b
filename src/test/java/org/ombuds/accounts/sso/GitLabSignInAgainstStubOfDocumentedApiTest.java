package org.ombuds.accounts.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.ombuds.accounts.Account;
import org.ombuds.accounts.TwoFactor;
import org.springframework.beans.factory.annotation.Autowired;

/** Sign-in with GitLab (OAuth 2 with PKCE, then {@code GET /api/v4/user}): by the username linked to the account only. */
class GitLabSignInAgainstStubOfDocumentedApiTest extends SingleSignOnTest {
    private static final String REFUSED = "GitLab signed you in, but that identity is not linked to an active committee account here.";

    @Autowired
    TwoFactor twoFactor;

    private static GitLabStub.User gitLabUser(String username, String email) {
        return new GitLabStub.User(ThreadLocalRandom.current().nextLong(1, 1_000_000_000), username, "Tanuki", email);
    }

    @Test
    void aMemberWhoseLinkedUsernameIsTheGitLabUserSignsIn() {
        Account account = staff("appeal-reviewer", "Linked Reviewer");
        String username = unique("tanuki");
        link(account, "gitlab:" + username);
        GITLAB.signIn(gitLabUser(username, null));
        SignInFlow browser = browser();

        var signedIn = browser.signInWith("gitlab");

        assertThat(signedIn.path()).isEqualTo("/staff");
        assertThat(signedIn.body()).contains("Linked Reviewer");
        assertThat(signedIn.hopTo(GITLAB.url() + "/oauth/authorize").getRawQuery())
                .contains("scope=read_user").contains("code_challenge=").contains("response_type=code");
        assertThat(audited("sign-in-gitlab", account.id())).singleElement()
                .satisfies(entry -> assertThat(entry.get("actor")).isEqualTo(account.id()));
        assertThat(wholeAuditLog()).doesNotContain(GITLAB.issuedTokens.get(GITLAB.issuedTokens.size() - 1));
    }

    @Test
    void aMemberWithTwoFactorSignInStillTakesTheSecondStepAfterGitLab() throws Exception {
        Account account = staff("moderator", "Two Step Moderator");
        String username = unique("twostep");
        link(account, "gitlab:" + username);
        String secret = twoFactor.enrolment(account.id()).secret();
        var totp = new com.eatthepath.otp.TimeBasedOneTimePasswordGenerator();
        var key = new javax.crypto.spec.SecretKeySpec(new org.apache.commons.codec.binary.Base32().decode(secret), "HmacSHA1");
        twoFactor.confirm(account.id(), totp.generateOneTimePasswordString(key, java.time.Instant.now()));
        GITLAB.signIn(gitLabUser(username, null));
        SignInFlow browser = browser();

        var signedIn = browser.signInWith("gitlab");

        assertThat(signedIn.path()).as("the same second step as after a password").isEqualTo("/login/second-factor");
        assertThat(signedIn.body()).contains("Second step of sign-in");
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }

    @Test
    void aGitLabUserWhoseUnverifiedAddressIsAnAccountsIsRefused() {
        Account account = staff("admin", "Address Admin");
        GITLAB.signIn(gitLabUser(unique("someone"), account.email()));
        SignInFlow browser = browser();

        var refused = browser.signInWith("gitlab");

        assertThat(refused.path()).isEqualTo("/login?ssoRefused=gitlab");
        assertThat(refused.body()).contains(REFUSED);
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }

    @Test
    void aDisabledLinkedAccountIsRefused() {
        Account account = staff("moderator", "Disabled Reviewer");
        String username = unique("left");
        link(account, "gitlab:" + username);
        accounts.disable(account.id());
        GITLAB.signIn(gitLabUser(username, null));

        var refused = browser().signInWith("gitlab");

        assertThat(refused.path()).isEqualTo("/login?ssoRefused=gitlab");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'sign-in-gitlab-refused' AND record_id = ?")
                .param(account.id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() {
        Account account = staff("moderator", "State Reviewer");
        String username = unique("state");
        link(account, "gitlab:" + username);
        GITLAB.signIn(gitLabUser(username, null));
        SignInFlow browser = browser();

        var refused = browser.signInWith("gitlab", callback -> callback.replaceAll("state=[^&]+", "state=forged"));

        assertThat(refused.path()).isEqualTo("/login?ssoFailed=gitlab");
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }
}
