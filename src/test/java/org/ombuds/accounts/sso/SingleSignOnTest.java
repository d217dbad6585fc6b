package org.ombuds.accounts.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.ApiTokens;
import org.ombuds.support.Http;
import org.ombuds.support.Ports;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ombuds with all three kinds of provider configured, each a stub of the provider's documented API on its own port.
 * The server listens on a port chosen up front, because the address the providers send the browser back to (from
 * OMBUDS_BASE_URL) must be registered with them before it starts. All subclasses share this one server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(RequiresDatabase.class)
abstract class SingleSignOnTest {
    static final int PORT = Ports.free();
    static final String BASE = "http://localhost:" + PORT;
    static final OidcProviderStub OIDC = new OidcProviderStub("ombuds-at-idp", "idp-secret", BASE + "/login/oauth2/code/oidc");
    static final GitHubStub GITHUB = new GitHubStub("Iv1.ombuds", "github-secret", BASE + "/login/oauth2/code/github");
    static final GitLabStub GITLAB = new GitLabStub("gitlab-app-id", "gitlab-secret", BASE + "/login/oauth2/code/gitlab");
    private static final Map<String, Object> DATABASE;

    static {
        try {
            DATABASE = TestDatabases.properties(TestDatabases.selected(), Files.createTempDirectory("ombuds-sso-test").resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DATABASE.forEach((key, value) -> registry.add(key, () -> value));
        registry.add("server.port", () -> PORT);
        registry.add("ombuds.base-url", () -> BASE);
        registry.add("ombuds.sso.oidc.issuer", OIDC::url);
        registry.add("ombuds.sso.oidc.client-id", () -> OIDC.clientId);
        registry.add("ombuds.sso.oidc.client-secret", () -> OIDC.clientSecret);
        registry.add("ombuds.sso.oidc.name", () -> "Example ID");
        registry.add("ombuds.sso.github.client-id", () -> GITHUB.clientId);
        registry.add("ombuds.sso.github.client-secret", () -> GITHUB.clientSecret);
        registry.add("ombuds.sso.github.url", GITHUB::url);
        registry.add("ombuds.sso.github.api-url", GITHUB.api::url);
        registry.add("ombuds.sso.gitlab.client-id", () -> GITLAB.clientId);
        registry.add("ombuds.sso.gitlab.client-secret", () -> GITLAB.clientSecret);
        registry.add("ombuds.sso.gitlab.url", GITLAB::url);
    }

    @Autowired
    Accounts accounts;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    SignInFlow browser() {
        return new SignInFlow(BASE);
    }

    Account staff(String role, String name) {
        return accounts.add(unique(role) + "@example.org", name, role);
    }

    /** Links a handle to the account the documented way: an admin's {@code POST /api/v1/accounts/{id}/handles}. */
    void link(Account account, String handle) {
        String admin = unique("admin") + "@example.org";
        accounts.add(admin, "Linking Admin", "admin");
        var response = new Http(PORT).postJson("/api/v1/accounts/" + account.id() + "/handles", Map.of("handle", handle),
                Http.bearer(tokens.createForAccount(admin, null, "link").token()));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    /** The audit entries about this account with this action. */
    List<Map<String, Object>> audited(String action, String accountId) {
        return jdbc.sql("SELECT actor, action, record_type, record_id, origin FROM audit_entry WHERE action = ? AND record_id = ?")
                .params(action, accountId).query().listOfRows();
    }

    /** Every audit entry as text, to check that no token found its way in. */
    String wholeAuditLog() {
        return String.join("\n", jdbc.sql("SELECT actor || ' ' || action || ' ' || record_type || ' ' || COALESCE(record_id, '') || ' '"
                + " || COALESCE(origin, '') FROM audit_entry").query(String.class).list());
    }

}
