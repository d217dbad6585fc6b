package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A new staff member sets a password from the one-time link and signs in; forms are CSRF-protected. */
class StaffSignInTest extends WebTest {
    @Autowired
    PasswordSetups setups;
    @Autowired
    JdbcClient jdbc;

    private String newStaffLink(String email) {
        Account account = accounts.add(email, "New Moderator", "moderator");
        return setups.issue(account.id()).replace("https://ombuds.example.org", "");
    }

    private long sessionsInTheDatabase(String accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(accountId).query(Long.class).single();
    }

    @Test
    void aNewModeratorSetsAPasswordSignsInAndOut() {
        String email = unique("new") + "@example.org";
        String link = newStaffLink(email);
        String accountId = accounts.byEmail(email).orElseThrow().id();
        Http browser = http();

        var form = browser.get(link);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Set your password").contains("name=\"_csrf\"");
        String token = link.substring(link.indexOf("token=") + 6);
        var set = browser.postForm("/account/setup", Map.of("_csrf", Http.csrf(form.body()), "token", token,
                "password", "a long enough passphrase", "confirmation", "a long enough passphrase"));
        assertThat(set.status()).isEqualTo(302);
        assertThat(set.header("Location")).endsWith("/login?passwordSet");

        var used = browser.get(link);
        assertThat(used.body()).as("the link works once").contains("not valid any more");

        var login = browser.get("/login");
        var signedIn = browser.postForm("/login", Map.of("_csrf", Http.csrf(login.body()), "email", email.toUpperCase(),
                "password", "a long enough passphrase"));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/staff");
        var home = browser.get("/staff");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("New Moderator").contains(email).contains("moderator");
        assertThat(sessionsInTheDatabase(accountId)).as("the session is kept in the database, for every node").isEqualTo(1);

        var out = browser.postForm("/logout", Map.of("_csrf", Http.csrf(home.body())));
        assertThat(out.status()).isEqualTo(302);
        assertThat(browser.get("/staff").status()).as("signed out").isEqualTo(302);
        assertThat(sessionsInTheDatabase(accountId)).as("signing out deletes the session").isZero();
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessage() {
        String email = unique("wrong") + "@example.org";
        Account account = accounts.add(email, "Someone", "admin");
        accounts.setPassword(account.id(), "the right passphrase");
        Http browser = http();
        var login = browser.get("/login");
        var refused = browser.postForm("/login", Map.of("_csrf", Http.csrf(login.body()), "email", email, "password", "the wrong passphrase"));
        assertThat(refused.header("Location")).endsWith("/login?error");
        var page = browser.get("/login?error");
        assertThat(page.body()).contains("The email address or password is not right").contains("aria-invalid=\"true\"");
        assertThat(browser.get("/staff").status()).isEqualTo(302);
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        String email = unique("csrf") + "@example.org";
        Account account = accounts.add(email, "Someone", "admin");
        accounts.setPassword(account.id(), "the right passphrase");
        var response = http().postForm("/login", Map.of("email", email, "password", "the right passphrase"));
        assertThat(response.status()).isEqualTo(403);
        String link = setups.issue(account.id()).replace("https://ombuds.example.org", "");
        var setup = http().postForm("/account/setup", Map.of("token", link.substring(link.indexOf("token=") + 6),
                "password", "another long passphrase", "confirmation", "another long passphrase"));
        assertThat(setup.status()).isEqualTo(403);
        assertThat(setups.isValid(link.substring(link.indexOf("token=") + 6))).as("nothing was changed").isTrue();
    }

    @Test
    void aTooShortPasswordReRendersTheFormWithTheFieldMarked() {
        String link = newStaffLink(unique("short") + "@example.org");
        Http browser = http();
        var form = browser.get(link);
        String token = link.substring(link.indexOf("token=") + 6);
        var refused = browser.postForm("/account/setup", Map.of("_csrf", Http.csrf(form.body()), "token", token,
                "password", "short", "confirmation", "short"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("12 to 256 characters").contains("aria-invalid=\"true\"")
                .contains("aria-describedby=\"setup-error\"");
        assertThat(setups.isValid(token)).as("the link still works after a refused attempt").isTrue();
    }

    @Test
    void staffPagesNeedASignIn() {
        var response = http().get("/staff");
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).endsWith("/login");
    }
}
