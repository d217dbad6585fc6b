package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.cli.OmbudsCommandLine;
import org.ombuds.support.StaffSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Two-factor sign-in over real HTTP: setting it up with a code computed from the key on the page, the second step of
 * every later sign-in (wrong, replayed and recovery codes), turning it off, admins requiring it of everyone and
 * resetting a member's, the command line's reset, and CSRF on each new form.
 */
class TwoFactorSignInTest extends SignInWebTest {
    @Autowired
    ApplicationContext context;

    @Test
    void aMemberSetsUpTwoFactorAndEverySignInThenAsksForACurrentUnusedCode() {
        StaffSession member = signIn("moderator", "Careful Moderator");
        var page = member.get("/staff/account/two-factor");
        assertThat(page.body()).contains("data:image/svg+xml;base64,").contains("name=\"_csrf\"");
        String secret = secretOn(page.body());
        assertThat(member.get("/staff/account/two-factor").body()).as("the same key until confirmed").contains(secret.substring(0, 4));
        assertThat(jdbc.sql("SELECT sealed_secret FROM totp_enrolment WHERE account_id = ?").param(member.account().id())
                .query(String.class).single()).as("sealed at rest").doesNotContain(secret);

        var refused = member.post("/staff/account/two-factor", "/staff/account/two-factor", "code", wrong(code(secret, 0)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("not right").contains("aria-invalid=\"true\"");
        assertThat(twoFactor.enrolled(member.account().id())).as("not on before a right code").isFalse();

        var on = member.post("/staff/account/two-factor", "/staff/account/two-factor", "code", code(secret, 0));
        assertThat(on.status()).as("the codes are in the answer itself, not kept for a next page").isEqualTo(200);
        assertThat(on.header("Cache-Control")).contains("no-store");
        assertThat(recoveryCodesOn(on.body())).hasSize(10);
        assertThat(on.body()).contains("Recovery codes left: 10");
        assertThat(recoveryCodesOn(member.get("/staff/account").body())).as("shown once").isEmpty();
        assertThat(member.get("/staff/cases").status()).as("the session that set it up goes on").isEqualTo(200);
        assertThat(audited("enrol-two-factor", member.account().id())).isEqualTo(1);

        // A new sign-in: the password alone reaches nothing under /staff.
        StaffSession next = withPassword(member.account());
        assertThat(next.get("/staff").header("Location")).endsWith("/login/second-factor");
        var held = next.get("/staff/cases?status=open");
        assertThat(held.status()).isEqualTo(302);
        assertThat(held.header("Location")).endsWith("/login/second-factor");
        assertThat(next.get("/coc").status()).as("public pages stay open").isEqualTo(200);

        var wrongCode = next.post("/login/second-factor", "/login/second-factor", "code", wrong(code(secret, 0)));
        assertThat(wrongCode.status()).isEqualTo(400);
        assertThat(wrongCode.body()).contains("That code is not right");
        var replayed = next.post("/login/second-factor", "/login/second-factor", "code", code(secret, 0));
        assertThat(replayed.status()).as("the code used to set it up does not work again").isEqualTo(400);

        CLOCK.advance(java.time.Duration.ofSeconds(30));
        String fresh = code(secret, 0);
        var passed = next.post("/login/second-factor", "/login/second-factor", "code", fresh);
        assertThat(passed.status()).isEqualTo(302);
        assertThat(passed.header("Location")).as("back where it was going").endsWith("/staff/cases?status=open");
        assertThat(next.get("/staff/cases").status()).isEqualTo(200);

        StaffSession third = withPassword(member.account());
        assertThat(third.post("/login/second-factor", "/login/second-factor", "code", fresh).status())
                .as("a code works once, even in its own time step").isEqualTo(400);
        assertThat(third.post("/login/second-factor", "/login/second-factor", "code", code(secret, 1)).status())
                .as("one step of clock drift is allowed").isEqualTo(302);
        assertThat(third.get("/staff").status()).isEqualTo(200);
    }

    @Test
    void aRecoveryCodeWorksOnceAndTheAccountPageCountsWhatIsLeft() {
        Enrolled member = enrolled("appeal-reviewer");
        String recovery = member.recoveryCodes().get(3);

        StaffSession first = withPassword(member.account());
        var passed = first.post("/login/second-factor", "/login/second-factor", "code", " " + recovery.toUpperCase() + " ");
        assertThat(passed.header("Location")).endsWith("/staff");
        assertThat(first.get("/staff/account").body()).contains("Recovery codes left: 9");
        assertThat(audited("use-recovery-code", member.account().id())).isEqualTo(1);

        StaffSession second = withPassword(member.account());
        assertThat(second.post("/login/second-factor", "/login/second-factor", "code", recovery).status()).isEqualTo(400);
        assertThat(second.get("/staff").status()).isEqualTo(302);

        // New codes replace the old ones.
        var renewed = first.post("/staff/account", "/staff/account/recovery-codes");
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.header("Cache-Control")).contains("no-store");
        var shown = recoveryCodesOn(renewed.body());
        assertThat(recoveryCodesOn(first.get("/staff/account").body())).as("shown once").isEmpty();
        assertThat(shown).hasSize(10).doesNotContainAnyElementsOf(member.recoveryCodes());
        assertThat(second.post("/login/second-factor", "/login/second-factor", "code", member.recoveryCodes().get(4)).status())
                .as("an earlier code stopped working").isEqualTo(400);
        assertThat(second.post("/login/second-factor", "/login/second-factor", "code", shown.get(0)).status()).isEqualTo(302);
    }

    @Test
    void turningItOffNeedsThePasswordAndACode() {
        Enrolled member = enrolled("moderator");
        StaffSession session = member.session();
        var noPassword = session.post("/staff/account", "/staff/account/two-factor/disable", "password", "not the password",
                "code", code(member.secret(), 0));
        assertThat(noPassword.status()).isEqualTo(302);
        assertThat(session.get("/staff/account").body()).contains("the password is not right");
        var noCode = session.post("/staff/account", "/staff/account/two-factor/disable", "password", StaffSession.PASSWORD,
                "code", wrong(code(member.secret(), 0)));
        assertThat(noCode.status()).isEqualTo(302);
        assertThat(twoFactor.enrolled(member.account().id())).isTrue();

        session.post("/staff/account", "/staff/account/two-factor/disable", "password", StaffSession.PASSWORD, "code", code(member.secret(), 0));
        assertThat(twoFactor.enrolled(member.account().id())).isFalse();
        assertThat(audited("disable-two-factor", member.account().id())).isEqualTo(1);
        assertThat(withPassword(member.account()).get("/staff").status()).as("the password is enough again").isEqualTo(200);
    }

    @Test
    void whenAdminsRequireTwoFactorAMemberWithoutItSetsItUpBeforeAnythingElse() {
        StaffSession admin = enrolled("admin").session();
        StaffSession member = signIn("moderator", "Unprepared Moderator");
        assertThat(member.post("/staff/account", "/staff/accounts/two-factor", "required", "true").status())
                .as("only admins set the policy").isEqualTo(403);
        try {
            var required = admin.post("/staff/accounts", "/staff/accounts/two-factor", "required", "true");
            assertThat(required.header("Location")).endsWith("/staff/accounts");
            assertThat(twoFactor.required()).isTrue();
            assertThat(audited("require-two-factor", null)).isPositive();
            // The admin's own session passed its second factor; members without one are held at once.
            assertThat(admin.get("/staff/accounts").status()).isEqualTo(200);
            var held = member.get("/staff/cases");
            assertThat(held.status()).isEqualTo(302);
            assertThat(held.header("Location")).endsWith("/staff/account/two-factor");
            assertThat(member.get("/staff/account").header("Location")).endsWith("/staff/account/two-factor");
            var page = member.get("/staff/account/two-factor");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("The committee requires two-factor sign-in");
            var on = member.post("/staff/account/two-factor", "/staff/account/two-factor", "code", code(secretOn(page.body()), 0));
            assertThat(on.status()).isEqualTo(200);
            assertThat(recoveryCodesOn(on.body())).hasSize(10);
            assertThat(member.get("/staff/cases").status()).isEqualTo(200);
        } finally {
            admin.post("/staff/accounts", "/staff/accounts/two-factor", "required", "false");
        }
        assertThat(twoFactor.required()).isFalse();
        assertThat(audited("stop-requiring-two-factor", null)).isPositive();
    }

    @Test
    void anAdminResetsALockedOutMembersTwoFactor() {
        Enrolled member = enrolled("moderator");
        StaffSession admin = enrolled("admin").session();
        StaffSession other = signIn("moderator", "Not An Admin");
        assertThat(other.post("/staff/account", "/staff/accounts/" + member.account().id() + "/two-factor/reset").status()).isEqualTo(403);
        assertThat(admin.get("/staff/accounts").body()).contains("/staff/accounts/" + member.account().id() + "/two-factor/reset");

        var reset = admin.post("/staff/accounts", "/staff/accounts/" + member.account().id() + "/two-factor/reset");
        assertThat(reset.header("Location")).endsWith("/staff/accounts");
        assertThat(admin.get("/staff/accounts").body()).contains("Two-factor sign-in of Member moderator was reset");
        assertThat(twoFactor.enrolled(member.account().id())).isFalse();
        assertThat(audited("reset-two-factor", member.account().id())).isEqualTo(1);
        assertThat(withPassword(member.account()).get("/staff").status()).isEqualTo(200);
    }

    @Test
    void theCommandLineResetsTheTwoFactorOfALockedOutAdmin() {
        Enrolled admin = enrolled("admin");
        StringWriter out = new StringWriter();
        int exit = OmbudsCommandLine.execute(context, new String[] {"user", "reset-2fa", "--email", admin.account().email().toUpperCase()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("two-factor sign-in reset for " + admin.account().email());
        assertThat(twoFactor.enrolled(admin.account().id())).isFalse();
        assertThat(audited("reset-two-factor", admin.account().id())).isEqualTo(1);
        assertThat(withPassword(admin.account()).get("/staff/accounts").status()).isEqualTo(200);

        StringWriter err = new StringWriter();
        assertThat(OmbudsCommandLine.execute(context, new String[] {"user", "reset-2fa", "--email", "nobody-here@example.org"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))).isNotZero();
        assertThat(err.toString()).contains("no account");
    }

    @Test
    void theNewFormsRefuseRequestsWithoutTheCsrfToken() {
        Enrolled member = enrolled("admin");
        StaffSession session = member.session();
        assertThat(session.postWithout("/staff/account/recovery-codes").status()).isEqualTo(403);
        assertThat(session.postWithout("/staff/account/two-factor/disable", "password", StaffSession.PASSWORD,
                "code", code(member.secret(), 0)).status()).isEqualTo(403);
        assertThat(session.postWithout("/staff/accounts/two-factor", "required", "true").status()).isEqualTo(403);
        assertThat(session.postWithout("/staff/accounts/" + member.account().id() + "/two-factor/reset").status()).isEqualTo(403);
        assertThat(twoFactor.enrolled(member.account().id())).isTrue();
        assertThat(twoFactor.required()).isFalse();

        StaffSession fresh = signIn("moderator", "Fresh");
        fresh.get("/staff/account/two-factor");
        assertThat(fresh.postWithout("/staff/account/two-factor", "code", "123456").status()).isEqualTo(403);
        StaffSession waiting = withPassword(member.account());
        assertThat(waiting.postWithout("/login/second-factor", "code", code(member.secret(), 0)).status()).isEqualTo(403);
        assertThat(waiting.get("/staff").status()).isEqualTo(302);
        assertThat(http().postForm("/login/second-factor", Map.of("code", "123456")).status()).isEqualTo(403);
    }
}
