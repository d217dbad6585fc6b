package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;

/**
 * /staff/accounts and /staff/account over real HTTP: admins add members (the password link shown once), give a new
 * link and disable accounts, never their own; each member creates and revokes their own API tokens.
 */
class StaffAccountPagesTest extends WebTest {
    private static final Pattern SETUP_LINK = Pattern.compile("/account/setup\\?token=([A-Za-z0-9_-]+)");
    private static final Pattern TOKEN = Pattern.compile("omb_[A-Za-z0-9_-]+");

    private static String found(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        assertThat(matcher.find()).as("the page shows " + pattern).isTrue();
        return matcher.group();
    }

    @Test
    void anAdminAddsAMemberWhoSetsTheirPasswordThroughTheLinkShownOnce() {
        StaffSession admin = signIn("admin", "Accounts Admin");
        String email = unique("new-member") + "@example.org";
        var added = admin.post("/staff/accounts", "/staff/accounts", "email", email, "name", "Grace Newcomer", "role", "appeal-reviewer");
        assertThat(added.status()).as("the link is in the answer itself, not kept for a next page").isEqualTo(200);
        assertThat(added.header("Cache-Control")).contains("no-store");

        String page = added.body();
        assertThat(page).contains("Grace Newcomer was added.").contains(email).contains("Appeal reviewer").contains("no password set yet");
        String link = found(SETUP_LINK, page);
        assertThat(admin.get("/staff/accounts").body()).doesNotContain(link);

        Http newcomer = http();
        var setup = newcomer.get(link);
        assertThat(setup.status()).isEqualTo(200);
        var set = newcomer.postForm(link.substring(0, link.indexOf('?')), Map.of("_csrf", Http.csrf(setup.body()),
                "token", link.substring(link.indexOf('=') + 1), "password", "correct horse battery staple",
                "confirmation", "correct horse battery staple"));
        assertThat(set.header("Location")).endsWith("/login?passwordSet");
        Account account = accounts.byEmail(email).orElseThrow();
        assertThat(account.hasPassword()).isTrue();
        assertThat(account.role()).isEqualTo(Role.APPEAL_REVIEWER);
    }

    @Test
    void aRefusedMemberComesBackWithTheFieldMarkedAndWhatWasTypedKept() {
        StaffSession admin = signIn("admin", "Accounts Admin");
        var refused = admin.post("/staff/accounts", "/staff/accounts", "email", "not an address", "name", "Kept Name", "role", "moderator");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"error-email\"").contains("value=\"Kept Name\"").contains("aria-invalid=\"true\"");

        var twice = admin.post("/staff/accounts", "/staff/accounts", "email", admin.email(), "name", "Same Again", "role", "moderator");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body()).contains("already exists").contains("value=\"Same Again\"");
    }

    @Test
    void anAdminDisablesAnotherMemberButNotThemselves() {
        StaffSession admin = signIn("admin", "Accounts Admin");
        StaffSession other = signIn("moderator", "Leaving Moderator");
        String page = admin.get("/staff/accounts").body();
        assertThat(page).contains("/staff/accounts/" + other.account().id() + "/disable")
                .doesNotContain("/staff/accounts/" + admin.account().id() + "/disable");

        var disabled = admin.post("/staff/accounts", "/staff/accounts/" + other.account().id() + "/disable");
        assertThat(disabled.status()).isEqualTo(302);
        assertThat(accounts.require(other.account().id()).active()).isFalse();
        assertThat(admin.get("/staff/accounts").body()).contains("Leaving Moderator was disabled");
        assertThat(other.get("/staff/cases").status()).as("the disabled member's session").isNotEqualTo(200);

        var self = admin.post("/staff/accounts", "/staff/accounts/" + admin.account().id() + "/disable");
        assertThat(self.status()).isEqualTo(409);
        assertThat(accounts.require(admin.account().id()).active()).isTrue();
    }

    @Test
    void aMemberCreatesATokenSeenOnceAndRevokesIt() {
        StaffSession moderator = signIn("moderator", "Token Moderator");
        var refused = moderator.post("/staff/account", "/staff/account/tokens", "label", "ci", "days", "0");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"error-token-days\"").contains("value=\"ci\"");

        var created = moderator.post("/staff/account", "/staff/account/tokens", "label", "release bot", "days", "30");
        assertThat(created.status()).as("the token is in the answer itself, not kept for a next page").isEqualTo(200);
        assertThat(created.header("Cache-Control")).contains("no-store");
        String page = created.body();
        String token = found(TOKEN, page);
        assertThat(page).contains("release bot");
        assertThat(moderator.get("/staff/account").body()).doesNotContain(token);
        assertThat(http().get("/api/v1/me", Http.bearer(token)).json().get("email").asString()).isEqualTo(moderator.email());

        String tokenId = tokens.of(moderator.account().id()).stream().filter(t -> "release bot".equals(t.label())).findFirst()
                .orElseThrow().id();
        var revoked = moderator.post("/staff/account", "/staff/account/tokens/" + tokenId + "/revoke");
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(http().get("/api/v1/me", Http.bearer(token)).status()).isEqualTo(401);
        assertThat(moderator.get("/staff/account").body()).doesNotContain("release bot");
    }
}
