package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ombuds.support.WebTest;

/** Without OMBUDS_SSO_* settings (the shared test server has none) sign-in is by password only, as before. */
class SingleSignOnOffTest extends WebTest {
    @Test
    void withNoProviderConfiguredTheLoginPageHasNoButtonsAndTheFlowsPathsDoNotExist() {
        var login = http().get("/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"password\"").doesNotContain("/oauth2/authorization").doesNotContain("Or sign in with");
        assertThat(http().get("/oauth2/authorization/oidc").status()).isEqualTo(404);
        assertThat(http().get("/login/oauth2/code/oidc?code=c&state=s").status()).isEqualTo(404);
        assertThat(http().get("/login?ssoRefused=github").body()).as("no provider is named either")
                .contains("That identity is not linked to an active committee account here.").doesNotContain("GitHub");
    }
}
