package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.ombuds.support.StaffSession;

/**
 * Guessing is slowed down: five failed attempts on one email address (whether the account exists or not) lock it out
 * for a minute, each further failure doubles that; eight from one client address lock the address out; wrong second-
 * factor codes count too. The page says how long to wait, the same for every address. The clock is moved, not waited on.
 */
class SignInThrottleTest extends SignInWebTest {

    private Account withPasswordSet(String role) {
        Account account = accounts.add(unique(role) + "@example.org", "Throttled " + role, role);
        accounts.setPassword(account.id(), StaffSession.PASSWORD);
        return account;
    }

    @Test
    void fiveWrongPasswordsLockTheAccountOutForAMinuteThenLongerAndASuccessClearsTheCount() {
        Account account = withPasswordSet("moderator");
        for (int i = 1; i < 5; i++) assertThat(attempt(account.email(), "wrong guess " + i)).endsWith("/login?error");
        assertThat(attempt(account.email(), "wrong guess 5")).endsWith("/login?locked=1");
        assertThat(attempt(account.email(), StaffSession.PASSWORD)).as("even the right password waits").endsWith("/login?locked=1");
        var page = http().get("/login?locked=1");
        assertThat(page.body()).contains("Too many attempts. Try again in 1 minute.");
        assertThat(jdbc.sql("SELECT failures FROM sign_in_failure WHERE subject LIKE 'account:%' AND failures = 5")
                .query(Integer.class).list()).as("counted in the database, for every node").isNotEmpty();

        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(attempt(account.email(), "wrong guess 6")).as("the next failure doubles the wait").endsWith("/login?locked=2");
        CLOCK.advance(Duration.ofSeconds(121));
        assertThat(attempt(account.email(), "wrong guess 7")).endsWith("/login?locked=4");
        CLOCK.advance(Duration.ofMinutes(4).plusSeconds(1));

        assertThat(attempt(account.email(), StaffSession.PASSWORD)).endsWith("/staff");
        clearFailuresFromThisAddress(); // this address's count is another test's business
        for (int i = 1; i < 5; i++) assertThat(attempt(account.email(), "again " + i)).as("the count starts over").endsWith("/login?error");
    }

    @Test
    void anAddressThatDoesNotBelongToAnAccountIsLockedOutTheSameWay() {
        String nobody = unique("nobody") + "@example.org";
        Account somebody = withPasswordSet("admin");
        for (int i = 1; i < 5; i++) {
            assertThat(attempt(nobody, "guess " + i)).endsWith("/login?error");
            assertThat(attempt(somebody.email(), "guess " + i)).endsWith("/login?error");
            clearFailuresFromThisAddress(); // only the accounts' counts here
        }
        assertThat(attempt(nobody, "guess 5")).isEqualTo(attempt(somebody.email(), "guess 5").replace("/login?error", "/login?locked=1"))
                .endsWith("/login?locked=1");
        CLOCK.advance(Duration.ofMinutes(2));
    }

    @Test
    void manyFailuresFromOneClientAddressLockTheAddressOutWhateverTheAccount() {
        Account account = withPasswordSet("moderator");
        for (int i = 1; i < 8; i++) assertThat(attempt(unique("spray") + "@example.org", "password1")).endsWith("/login?error");
        assertThat(attempt(unique("spray") + "@example.org", "password1")).endsWith("/login?locked=1");
        assertThat(attempt(account.email(), StaffSession.PASSWORD)).as("this address waits, for every account").endsWith("/login?locked=1");
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(attempt(account.email(), StaffSession.PASSWORD)).endsWith("/staff");
    }

    @Test
    void wrongSecondFactorCodesCountAndThePasswordDoesNotClearThem() {
        Enrolled member = enrolled("moderator");
        StaffSession session = withPassword(member.account());
        for (int i = 1; i < 5; i++) {
            var wrongCode = session.post("/login/second-factor", "/login/second-factor", "code", wrong(code(member.secret(), 0)));
            assertThat(wrongCode.status()).isEqualTo(400);
        }
        // Signing in again with the password does not reset the count: only a complete sign-in does.
        session = withPassword(member.account());
        var locked = session.post("/login/second-factor", "/login/second-factor", "code", wrong(code(member.secret(), 0)));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many attempts. Try again in 1 minute.");
        assertThat(session.post("/login/second-factor", "/login/second-factor", "code", code(member.secret(), 0)).status())
                .as("the right code waits too").isEqualTo(429);
        assertThat(session.get("/staff").status()).isEqualTo(302);

        CLOCK.advance(Duration.ofSeconds(61));
        var passed = session.post("/login/second-factor", "/login/second-factor", "code", code(member.secret(), 0));
        assertThat(passed.status()).isEqualTo(302);
        assertThat(session.get("/staff").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sign_in_failure WHERE subject LIKE 'account:%' AND last_failure_at > ? AND failures >= 5")
                .param(CLOCK.millis() - 1000).query(Integer.class).single()).isZero();
    }

    @Test
    void guessingThePasswordThroughTheTurnOffFormIsThrottledToo() {
        Enrolled member = enrolled("admin");
        for (int i = 1; i <= 5; i++) {
            member.session().post("/staff/account", "/staff/account/two-factor/disable", "password", "guess " + i,
                    "code", code(member.secret(), 0));
        }
        member.session().post("/staff/account", "/staff/account/two-factor/disable", "password", StaffSession.PASSWORD,
                "code", code(member.secret(), 1));
        assertThat(member.session().get("/staff/account").body()).contains("too many attempts; try again in 1 minute");
        assertThat(twoFactor.enrolled(member.account().id())).as("the right password waits too").isTrue();
        CLOCK.advance(Duration.ofSeconds(61));
    }
}
