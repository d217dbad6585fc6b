package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every caller (anonymous, a space's token, each staff role) against every endpoint the foundation has; each
 * cell is one asserted status. A new endpoint belongs in this table. API rows send the caller's token; page rows
 * use the caller's signed-in browser (anonymous and a space's token have none: pages ignore tokens and send them
 * to sign in).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends WebTest {
    @Autowired
    CodeOfConduct code;
    @Autowired
    org.ombuds.intake.Intake intake;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final Map<String, String> callers = new LinkedHashMap<>();
    private String space;
    private String otherSpace;
    private final Map<String, Http> browsers = new LinkedHashMap<>();

    @BeforeAll
    void callers() {
        String admin = tokenFor("admin");
        space = unique("matrix-space");
        otherSpace = unique("other-space");
        http().postJson("/api/v1/spaces", Map.of("slug", space, "kind", "chat"), Http.bearer(admin));
        http().postJson("/api/v1/spaces", Map.of("slug", otherSpace, "kind", "forum"), Http.bearer(admin));
        callers.put("anonymous", null);
        callers.put("space", http().postJson("/api/v1/spaces/" + space + "/tokens", Map.of(), Http.bearer(admin)).json().get("token").asString());
        callers.put("appeal-reviewer", tokenFor("appeal-reviewer"));
        callers.put("moderator", tokenFor("moderator"));
        callers.put("admin", admin);
        for (String caller : callers.keySet()) browsers.put(caller, caller.equals("anonymous") || caller.equals("space") ? http() : signIn(caller, "Matrix " + caller).http());
    }


    /** Who calls: their token's headers (none for anonymous) and their browser. */
    private record Caller(String[] auth, Http browser) {
    }

    /** An endpoint and the status each caller gets, in the order of {@link #callers}; {@code page} for a page (HTML, sign-in redirect). */
    private record Row(String name, Function<Caller, Http.Response> call, boolean page, int anonymous, int space, int reviewer,
                       int moderator, int admin) {
        /** An API endpoint, called with the caller's token. */
        Row(String name, Function<String[], Http.Response> api, int anonymous, int space, int reviewer, int moderator, int admin) {
            this(name, caller -> api.apply(caller.auth()), false, anonymous, space, reviewer, moderator, admin);
        }

        /** A page, called with the caller's browser (and, for a space, its token too). */
        static Row page(String name, Function<Caller, Http.Response> call, int anonymous, int space, int reviewer, int moderator, int admin) {
            return new Row(name, call, true, anonymous, space, reviewer, moderator, admin);
        }

        int expected(String caller) {
            return switch (caller) {
                case "anonymous" -> anonymous;
                case "space" -> space;
                case "appeal-reviewer" -> reviewer;
                case "moderator" -> moderator;
                default -> admin;
            };
        }
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("GET /api/v1/coc", auth -> http().get("/api/v1/coc", auth), 200, 200, 200, 200, 200));
        rows.add(new Row("GET /actuator/health", auth -> http().get("/actuator/health", auth), 200, 200, 200, 200, 200));
        rows.add(new Row("GET /v3/api-docs", auth -> http().get("/v3/api-docs", auth), 200, 200, 200, 200, 200));
        rows.add(new Row("GET /api/v1/me", auth -> http().get("/api/v1/me", auth), 401, 403, 200, 200, 200));
        // Ban checks: a space's token for its own space, and the committee; a reviewer hears appeals, not checks.
        rows.add(new Row("GET /api/v1/enforcement/check", auth -> http().get("/api/v1/enforcement/check?space=" + space
                + "&identity=github:nobody-banned", auth), 401, 200, 403, 200, 200));
        rows.add(new Row("GET /api/v1/enforcement/check (another space)", auth -> http().get("/api/v1/enforcement/check?space=" + otherSpace
                + "&identity=github:nobody-banned", auth), 401, 403, 403, 200, 200));
        rows.add(new Row("GET /api/v1/tokens", auth -> http().get("/api/v1/tokens", auth), 401, 403, 200, 200, 200));
        rows.add(new Row("GET /api/v1/accounts", auth -> http().get("/api/v1/accounts", auth), 401, 403, 403, 403, 200));
        rows.add(new Row("POST /api/v1/accounts", auth -> http().postJson("/api/v1/accounts",
                Map.of("email", unique("acct") + "@example.org", "name", "N", "role", "moderator"), auth), 401, 403, 403, 403, 201));
        rows.add(new Row("GET /api/v1/communities", auth -> http().get("/api/v1/communities", auth), 401, 403, 200, 200, 200));
        rows.add(new Row("POST /api/v1/communities", auth -> http().postJson("/api/v1/communities",
                Map.of("slug", unique("c"), "name", "C", "parent", "main"), auth), 401, 403, 403, 403, 201));
        rows.add(new Row("GET /api/v1/spaces", auth -> http().get("/api/v1/spaces", auth), 401, 403, 200, 200, 200));
        rows.add(new Row("POST /api/v1/spaces", auth -> http().postJson("/api/v1/spaces",
                Map.of("slug", unique("s"), "kind", "forum"), auth), 401, 403, 403, 403, 201));
        rows.add(new Row("POST /api/v1/spaces/{slug}/tokens", auth -> http().postJson("/api/v1/spaces/" + freshSpace() + "/tokens",
                Map.of(), auth), 401, 403, 403, 403, 201));
        rows.add(new Row("POST /api/v1/coc/versions", auth -> http().postJson("/api/v1/coc/versions",
                Map.of("markdown", code.current(null).markdown(), "community", freshCommunity()), auth), 401, 403, 403, 403, 201));
        // People are reached through cases (org.ombuds.cases.PeopleOnCasesTest): one no case names is an admin's alone.
        rows.add(new Row("POST /api/v1/people", auth -> http().postJson("/api/v1/people",
                Map.of("handles", List.of("github:" + unique("p")), "reason", "asked for their data"), auth), 401, 403, 403, 403, 200));
        rows.add(new Row("GET /api/v1/people/{id}", auth -> http().get("/api/v1/people/" + freshPerson(), auth), 401, 403, 404, 404, 200));
        rows.add(new Row("GET /api/v1/people?handle=", auth -> http().get("/api/v1/people?handle=github:" + freshHandle(), auth),
                401, 403, 404, 404, 200));
        rows.add(new Row("POST /api/v1/people/{id}/handles", auth -> http().postJson("/api/v1/people/" + freshPerson() + "/handles",
                Map.of("handle", "github:" + unique("h"), "reason", "their second account"), auth), 401, 403, 404, 404, 200));
        rows.add(new Row("POST /api/v1/people/{id}/unlink", auth -> {
            String handle = freshHandle();
            String person = http().get("/api/v1/people?handle=github:" + handle, Http.bearer(callers.get("admin"))).json().get("id").asString();
            return http().postJson("/api/v1/people/" + person + "/unlink", Map.of("handle", "github:" + handle, "reason", "linked in error"), auth);
        }, 401, 403, 404, 404, 200));
        rows.add(new Row("POST /api/v1/people/{id}/merge", auth -> http().postJson("/api/v1/people/" + freshPerson() + "/merge",
                Map.of("from", freshPerson(), "reason", "the same human"), auth), 401, 403, 404, 404, 200));
        rows.add(new Row("POST /api/v1/people/{id}/unmerge", auth -> {
            String into = freshPerson();
            String from = freshPerson();
            http().postJson("/api/v1/people/" + into + "/merge", Map.of("from", from, "reason", "the same human"), Http.bearer(callers.get("admin")));
            return http().postJson("/api/v1/people/" + into + "/unmerge", Map.of("from", from, "reason", "two people after all"), auth);
        }, 401, 403, 404, 404, 200));
        rows.add(new Row("POST /api/v1/reports", auth -> http().postJson("/api/v1/reports",
                Map.of("category", "harassment", "description", "matrix", "anonymous", true), auth), 201, 201, 201, 201, 201));
        rows.add(new Row("GET /api/v1/receipts/{unknown}", auth -> http().get("/api/v1/receipts/AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", auth),
                404, 404, 404, 404, 404));
        // Case-level access (recusal, assignment) is its own matrix: org.ombuds.cases.CaseAccessMatrixTest.
        rows.add(new Row("GET /api/v1/cases", auth -> http().get("/api/v1/cases", auth), 401, 403, 200, 200, 200));
        rows.add(new Row("GET /api/v1/audit", auth -> http().get("/api/v1/audit?limit=5", auth), 401, 403, 200, 200, 200));
        rows.add(new Row("GET /api/v1/audit/export", auth -> http().get("/api/v1/audit/export?account=" + unique("nobody"), auth),
                401, 403, 403, 403, 200));
        rows.add(new Row("POST /api/v1/accounts/{other}/handles", auth -> http().postJson("/api/v1/accounts/" + freshAccount() + "/handles",
                Map.of("handle", "github:" + unique("h")), auth), 401, 403, 403, 403, 200));
        rows.add(new Row("GET /actuator/prometheus", auth -> http().get("/actuator/prometheus", auth), 401, 403, 403, 403, 200));
        // Which appeals each one sees (all for admins, their own for reviewers) is AppealStaffPagesTest's business.
        rows.add(new Row("GET /api/v1/appeals", auth -> http().get("/api/v1/appeals", auth), 401, 403, 200, 200, 200));
        rows.add(Row.page("GET /staff/appeals", caller -> caller.browser().get("/staff/appeals", caller.auth()), 302, 302, 200, 200, 200));
        rows.add(Row.page("GET /staff/letters", caller -> caller.browser().get("/staff/letters", caller.auth()), 302, 302, 403, 403, 200));
        rows.add(Row.page("GET /staff/letters/preview", caller -> caller.browser().get("/staff/letters/preview", caller.auth()),
                302, 302, 403, 403, 200));
        // The committee's accounts and the Code are run by admins; everyone manages their own tokens.
        rows.add(Row.page("GET /staff/accounts", caller -> caller.browser().get("/staff/accounts", caller.auth()), 302, 302, 403, 403, 200));
        rows.add(Row.page("GET /staff/account", caller -> caller.browser().get("/staff/account", caller.auth()), 302, 302, 200, 200, 200));
        // Two-factor sign-in: every member sets up their own; the second step needs a first (anonymous: to sign in).
        rows.add(Row.page("GET /staff/account/two-factor", caller -> caller.browser().get("/staff/account/two-factor", caller.auth()),
                302, 302, 200, 200, 200));
        rows.add(Row.page("GET /login/second-factor", caller -> caller.browser().get("/login/second-factor", caller.auth()),
                302, 302, 200, 200, 200));
        rows.add(Row.page("GET /staff/coc", caller -> caller.browser().get("/staff/coc", caller.auth()), 302, 302, 403, 403, 200));
        // Enforcement: the committee reads the spaces and connectors; only admins configure them.
        rows.add(Row.page("GET /staff/spaces", caller -> caller.browser().get("/staff/spaces", caller.auth()), 302, 302, 200, 200, 200));
        rows.add(new Row("GET /api/v1/enforcement/connectors", auth -> http().get("/api/v1/enforcement/connectors", auth), 401, 403, 200, 200, 200));
        rows.add(new Row("PUT /api/v1/spaces/{slug}/connector", auth -> http().send(http().request("/api/v1/spaces/" + freshSpace()
                + "/connector", auth).header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                Http.JSON.writeValueAsString(Map.of("type", "webhook", "enabled", false, "settings", Map.of("url", "http://127.0.0.1:9/hook",
                        "secret", "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"))))).build()), 401, 403, 403, 403, 200));
        // Retention and data-subject requests: admins only (a reviewer cannot even see the case: 404).
        rows.add(new Row("POST /api/v1/cases/{id}/legal-hold", auth -> http().postJson("/api/v1/cases/" + freshCase() + "/legal-hold",
                Map.of("reason", "litigation"), auth), 401, 403, 404, 403, 201));
        rows.add(new Row("DELETE /api/v1/cases/{id}/legal-hold", auth -> http().send(http().request("/api/v1/cases/" + heldCase()
                + "/legal-hold?reason=settled", auth).DELETE().build()), 401, 403, 404, 403, 204));
        rows.add(new Row("GET /api/v1/people/{id}/export", auth -> http().get("/api/v1/people/" + freshPerson() + "/export", auth),
                401, 403, 403, 403, 200));
        rows.add(new Row("GET /api/v1/people/export?handle=", auth -> http().get("/api/v1/people/export?handle=github:" + freshHandle(), auth),
                401, 403, 403, 403, 200));
        rows.add(new Row("POST /api/v1/people/{id}/erasure", auth -> http().postJson("/api/v1/people/" + freshPerson() + "/erasure",
                Map.of(), auth), 401, 403, 403, 403, 200));
        // Importing earlier records is an admin's act (a dry run here: nothing is written).
        rows.add(new Row("POST /api/v1/imports/cases", auth -> http().send(http().request("/api/v1/imports/cases?dryRun=true", auth)
                .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "reference,opened,subject_name,subject_handles,category,action,decided,until,reasoning\n"
                                + unique("AM") + ",2024-01-10,,github:" + unique("matrix") + ",harassment,correction,2024-01-20,,Because.\n")).build()),
                401, 403, 403, 403, 200));
        // Transparency: published figures for anyone; drafting, reviewing and publishing for admins only.
        rows.add(new Row("GET /api/v1/transparency", auth -> http().get("/api/v1/transparency", auth), 200, 200, 200, 200, 200));
        rows.add(new Row("GET /api/v1/transparency?period= (not published)", auth -> http().get("/api/v1/transparency?period=1999-H1", auth),
                404, 404, 404, 404, 404));
        rows.add(Row.page("GET /transparency", caller -> caller.browser().get("/transparency", caller.auth()), 200, 200, 200, 200, 200));
        rows.add(Row.page("GET /staff/transparency", caller -> caller.browser().get("/staff/transparency", caller.auth()),
                302, 302, 403, 403, 200));
        // Single sign-on adds its two paths only when a provider is configured (none is here); then anyone may use them
        // (org.ombuds.accounts.sso's tests drive them against each provider).
        rows.add(Row.page("GET /oauth2/authorization/{provider} (none configured)",
                caller -> caller.browser().get("/oauth2/authorization/github", caller.auth()), 404, 404, 404, 404, 404));
        rows.add(Row.page("GET /login/oauth2/code/{provider} (none configured)",
                caller -> caller.browser().get("/login/oauth2/code/github?code=c&state=s", caller.auth()), 404, 404, 404, 404, 404));
        return rows;
    }

    private String freshCase() {
        return org.ombuds.support.CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("held"));
    }

    private String heldCase() {
        String caseId = freshCase();
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/legal-hold", Map.of("reason", "litigation"),
                Http.bearer(callers.get("admin"))).status()).isEqualTo(201);
        return caseId;
    }

    private String freshHandle() {
        String name = unique("x");
        http().postJson("/api/v1/people", Map.of("handles", List.of("github:" + name), "reason", "for the test"), Http.bearer(callers.get("admin")));
        return name;
    }

    @TestFactory
    Stream<DynamicTest> everyCallerGetsExactlyTheAccessItsRoleAllows() {
        return rows().stream().flatMap(row -> callers.entrySet().stream().map(caller -> DynamicTest.dynamicTest(
                row.name() + " as " + caller.getKey(), () -> {
                    String[] auth = caller.getValue() == null ? new String[0] : Http.bearer(caller.getValue());
                    var response = row.call().apply(new Caller(auth, browsers.get(caller.getKey())));
                    assertThat(response.status()).as(response.body()).isEqualTo(row.expected(caller.getKey()));
                    if (row.page() && response.status() == 302) {
                        assertThat(response.header("Location")).endsWith("/login");
                    } else if (response.status() >= 400) {
                        assertThat(response.contentType()).startsWith(row.page() ? "text/html" : "application/problem+json");
                    }
                })));
    }

    private String freshSpace() {
        String slug = unique("t");
        http().postJson("/api/v1/spaces", Map.of("slug", slug, "kind", "event"), Http.bearer(callers.get("admin")));
        return slug;
    }

    private String freshCommunity() {
        String slug = unique("v");
        http().postJson("/api/v1/communities", Map.of("slug", slug, "name", "V", "parent", "main"), Http.bearer(callers.get("admin")));
        return slug;
    }

    private String freshAccount() {
        return accounts.add(unique("other") + "@example.org", "Other", "moderator").id();
    }

    private String freshPerson() {
        return http().postJson("/api/v1/people", Map.of("handles", List.of("github:" + unique("m")), "reason", "for the test"),
                        Http.bearer(callers.get("admin")))
                .json().get("id").asString();
    }
}
