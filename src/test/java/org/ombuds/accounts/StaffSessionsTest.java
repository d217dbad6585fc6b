package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.ombuds.support.StaffSession;

/**
 * Staff sessions end after 30 minutes without a request and 12 hours after sign-in (the defaults; the clock is moved);
 * members see where they are signed in and sign out everywhere else; admins sign a member out everywhere; a new
 * password or a reset of two-factor signs the member's other sessions out.
 */
class StaffSessionsTest extends SignInWebTest {

    @Test
    void aSessionEndsAfterThirtyIdleMinutes() {
        StaffSession member = signIn("moderator", "Idle Moderator");
        CLOCK.advance(Duration.ofMinutes(29));
        assertThat(member.get("/staff/account").status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(29));
        assertThat(member.get("/staff/account").status()).as("each request starts the idle time again").isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(31));
        var ended = member.get("/staff/account");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.header("Location")).endsWith("/login?expired");
        assertThat(member.http().get("/login?expired").body()).contains("Your session ended");
        assertThat(member.get("/staff/account").header("Location")).as("signed out for good").endsWith("/login");
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverBusy() {
        StaffSession member = signIn("admin", "Busy Admin");
        for (int i = 0; i < 24; i++) {
            CLOCK.advance(Duration.ofMinutes(29));
            assertThat(member.get("/staff/account").status()).isEqualTo(200);
        }
        CLOCK.advance(Duration.ofMinutes(25));
        assertThat(member.get("/staff/account").header("Location")).endsWith("/login?expired");
    }

    @Test
    void aMemberSeesTheirSessionsAndSignsOutEverywhereElse() {
        StaffSession laptop = signIn("moderator", "Two Browsers");
        StaffSession phone = withPassword(laptop.account());
        var page = laptop.get("/staff/account");
        assertThat(page.body().split("class=\"session\"", -1)).hasSize(3);
        assertThat(page.body()).contains("this browser").contains("Sign out everywhere else");

        var revoked = laptop.post("/staff/account", "/staff/account/sessions/revoke");
        assertThat(revoked.header("Location")).endsWith("/staff/account#sessions");
        assertThat(phone.get("/staff").status()).as("the other browser is signed out").isEqualTo(302);
        assertThat(laptop.get("/staff/account").body().split("class=\"session\"", -1)).hasSize(2);
        assertThat(audited("revoke-sessions", laptop.account().id())).isEqualTo(1);
        assertThat(laptop.postWithout("/staff/account/sessions/revoke").status()).as("CSRF").isEqualTo(403);
    }

    @Test
    void anAdminSignsAMemberOutEverywhere() {
        StaffSession admin = signIn("admin", "Revoking Admin");
        StaffSession member = signIn("moderator", "Revoked Moderator");
        StaffSession other = signIn("moderator", "Other Moderator");
        assertThat(other.post("/staff/account", "/staff/accounts/" + member.account().id() + "/sessions/revoke").status()).isEqualTo(403);
        assertThat(member.get("/staff").status()).isEqualTo(200);

        var revoked = admin.post("/staff/accounts", "/staff/accounts/" + member.account().id() + "/sessions/revoke");
        assertThat(revoked.header("Location")).endsWith("/staff/accounts");
        assertThat(member.get("/staff").status()).isEqualTo(302);
        assertThat(admin.get("/staff/accounts").body()).contains("Revoked Moderator is signed out everywhere");
        assertThat(admin.postWithout("/staff/accounts/" + other.account().id() + "/sessions/revoke").status()).isEqualTo(403);
        assertThat(other.get("/staff").status()).isEqualTo(200);
    }

    @Test
    void aNewPasswordOrATwoFactorResetSignsTheMembersSessionsOut() {
        StaffSession member = signIn("moderator", "Password Changer");
        accounts.setPassword(member.account().id(), "a brand new passphrase");
        assertThat(member.get("/staff").status()).isEqualTo(302);

        Enrolled enrolled = enrolled("moderator");
        assertThat(enrolled.session().get("/staff").status()).isEqualTo(200);
        twoFactor.reset(enrolled.account().id());
        assertThat(enrolled.session().get("/staff").status()).isEqualTo(302);
    }
}
