package org.ombuds.accounts.sso;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.accounts.Account;
import org.ombuds.support.Browser;
import org.ombuds.support.Http;

/** Sign-in with GitHub's OAuth app flow: by the login linked to the account, or by an address GitHub's API says is verified. */
class GitHubSignInAgainstStubOfDocumentedApiTest extends SingleSignOnTest {
    private static final String REFUSED = "GitHub signed you in, but that identity is not linked to an active committee account here.";

    private static GitHubStub.Account gitHubAccount(String login, String publicEmail, GitHubStub.Email... emails) {
        return new GitHubStub.Account(ThreadLocalRandom.current().nextLong(1, 1_000_000_000), login, "Octo Cat", publicEmail, List.of(emails));
    }

    @Test
    void aMemberWhoseLinkedLoginIsTheGitHubUserSignsIn() {
        Account account = staff("moderator", "Linked Moderator");
        String login = unique("octo");
        link(account, "github:" + login);
        GITHUB.signIn(gitHubAccount(login.toUpperCase(), null, new GitHubStub.Email(unique("other") + "@example.net", true, false)));
        SignInFlow browser = browser();

        var signedIn = browser.signInWith("github");

        assertThat(signedIn.path()).isEqualTo("/staff");
        assertThat(signedIn.body()).contains("Linked Moderator");
        assertThat(signedIn.hopTo(GITHUB.url() + "/login/oauth/authorize").getRawQuery())
                .contains("scope=read:user%20user:email").contains("code_challenge=").contains("state=");
        assertThat(audited("sign-in-github", account.id())).hasSize(1);
    }

    @Test
    void anAddressGitHubVerifiedThatIsTheAccountsSignsIn() {
        Account account = staff("admin", "Verified Admin");
        GITHUB.signIn(gitHubAccount(unique("unlinked"), null, new GitHubStub.Email(account.email(), true, true)));

        var signedIn = browser().signInWith("github");

        assertThat(signedIn.path()).isEqualTo("/staff");
        assertThat(signedIn.body()).contains("Verified Admin");
    }

    @Test
    void anAddressGitHubHasNotVerifiedIsRefusedEvenAsThePublicProfileEmail() {
        Account account = staff("admin", "Spoofed Admin");
        GITHUB.signIn(gitHubAccount(unique("spoof"), account.email(), new GitHubStub.Email(account.email(), false, true)));
        SignInFlow browser = browser();

        var refused = browser.signInWith("github");

        assertThat(refused.path()).isEqualTo("/login?ssoRefused=github");
        assertThat(refused.body()).contains(REFUSED);
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }

    @Test
    void anUnknownGitHubUserAndADisabledLinkedAccountAreRefused() {
        GITHUB.signIn(gitHubAccount(unique("stranger"), null, new GitHubStub.Email(unique("stranger") + "@example.net", true, true)));
        assertThat(browser().signInWith("github").path()).isEqualTo("/login?ssoRefused=github");

        Account account = staff("moderator", "Gone Moderator");
        String login = unique("gone");
        link(account, "github:" + login);
        accounts.disable(account.id());
        GITHUB.signIn(gitHubAccount(login, null, new GitHubStub.Email(account.email(), true, true)));
        SignInFlow browser = browser();
        var refused = browser.signInWith("github");
        assertThat(refused.path()).isEqualTo("/login?ssoRefused=github");
        assertThat(refused.body()).contains(REFUSED);
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }

    /**
     * Anyone can file a report naming a moderator's login beside their own: the people records join them, but only a
     * handle linked through the account signs in.
     */
    @Test
    void aLoginThatAReportAddedToAMembersPersonDoesNotSignIn() {
        Account account = staff("moderator", "Targeted Moderator");
        String login = unique("mod");
        link(account, "github:" + login);
        String attacker = unique("attacker");
        var filed = new Http(PORT).postJson("/api/v1/reports", Map.of("category", "harassment", "anonymous", true,
                "description", "They keep posting insults in the issue tracker, see the thread from yesterday.",
                "reported", Map.of("handles", List.of("github:" + login, "github:" + attacker))));
        assertThat(filed.status()).isEqualTo(201);
        GITHUB.signIn(gitHubAccount(attacker, null, new GitHubStub.Email(unique("attacker") + "@example.net", true, true)));

        var refused = browser().signInWith("github");

        assertThat(refused.path()).isEqualTo("/login?ssoRefused=github");
        assertThat(audited("sign-in-github", account.id())).isEmpty();
    }

    /** GitHub frees a login when its user renames; whoever takes it next is another user (another id) and is refused. */
    @Test
    void aLinkedLoginTakenOverByAnotherGitHubUserIsRefusedUntilAnAdminLinksItAgain() {
        Account account = staff("moderator", "Renamed Moderator");
        String login = unique("renamed");
        link(account, "github:" + login);
        GITHUB.signIn(new GitHubStub.Account(1001, login, "First Holder", null, List.of()));
        assertThat(browser().signInWith("github").path()).isEqualTo("/staff");

        GITHUB.signIn(new GitHubStub.Account(2002, login, "Second Holder", null, List.of()));
        assertThat(browser().signInWith("github").path()).isEqualTo("/login?ssoRefused=github");

        link(account, "github:" + login);
        assertThat(browser().signInWith("github").path()).as("an admin linked the login again, for its new holder").isEqualTo("/staff");
        GITHUB.signIn(new GitHubStub.Account(1001, login, "First Holder", null, List.of()));
        assertThat(browser().signInWith("github").path()).isEqualTo("/login?ssoRefused=github");
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() {
        Account account = staff("moderator", "State Moderator");
        String login = unique("state");
        link(account, "github:" + login);
        GITHUB.signIn(gitHubAccount(login, null));
        SignInFlow browser = browser();

        var refused = browser.signInWith("github", callback -> callback.replaceAll("state=[^&]+", "state=forged"));

        assertThat(refused.path()).isEqualTo("/login?ssoFailed=github");
        assertThat(refused.body()).contains("Signing in with GitHub did not complete.");
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }

    /** In chromium with the page's strict policy: the button's navigation to the provider and back is not blocked. */
    @Test
    @ExtendWith(Browser.class)
    void chromiumFollowsTheButtonThroughGitHubToTheWorkspace() {
        Account account = staff("moderator", "Browser Moderator");
        String login = unique("chromium");
        link(account, "github:" + login);
        GITHUB.signIn(gitHubAccount(login, null));
        List<String> problems = new ArrayList<>();
        try (Browser browser = Browser.launch()) {
            Page page = Browser.watched(browser.newPage(), problems);
            page.navigate(BASE + "/login");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with GitHub").setExact(true)).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Committee workspace").setExact(true))).isVisible();
            assertThat(page.getByText("Browser Moderator").first()).isVisible();
        }
        assertThat(problems).isEmpty();
    }
}
