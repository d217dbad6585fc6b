package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;

/** The HTTP rows of CONTRACT.md that the foundation provides, over real HTTP. */
class HttpContractTest extends WebTest {

    @Test
    void healthIsPublicAndUp() {
        var response = http().get("/actuator/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void robotsKeepsReceiptsAppealsAndStaffPagesOutOfSearchEngines() {
        var response = http().get("/robots.txt");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        assertThat(response.body()).contains("User-agent: *").contains("Disallow: /").contains("Allow: /coc");
    }

    @Test
    void codeOfConductPageFillsInThePlaceholders() {
        var response = http().get("/coc");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.body())
                .contains("<h2 id=\"unacceptable-behavior\">Unacceptable Behavior</h2>")
                .contains("href=\"https://ombuds.example.org/report\"")
                .contains("href=\"https://ombuds.example.org/appeals\"")
                .doesNotContain("[INSERT CONTACT METHOD]")
                .doesNotContain("[APPEAL PROCESS/CONTACT]")
                .contains("Version 1");
    }

    @Test
    void codeOfConductApiListsTheEightCategoriesFourActionsAndTheScope() {
        var json = http().get("/api/v1/coc").json();
        assertThat(json.get("version").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(json.get("sha256").asString()).matches("[0-9a-f]{64}");
        assertThat(json.get("categories").valueStream().map(c -> c.get("id").asString()).toList()).containsExactly(
                "harassment", "discrimination", "violence-threats", "insults-personal-attacks", "doxing-privacy",
                "disruptive-behavior", "unprofessional-conduct", "illegal-activities");
        assertThat(json.get("actions").valueStream().map(a -> a.get("id").asString()).toList())
                .containsExactly("correction", "written-warning", "temporary-ban", "permanent-ban");
        assertThat(json.get("scope").valueStream().map(s -> s.get("kind").asString()).toList())
                .containsExactly("code-repository", "issue-tracker", "mailing-list", "chat", "forum", "event");
        assertThat(json.get("categories").get(0).get("name").asString()).isEqualTo("Harassment");
    }

    @Test
    void staffApiAnswers401WithoutATokenAsProblemJson() {
        for (String path : List.of("/api/v1/accounts", "/api/v1/spaces", "/api/v1/me", "/api/v1/cases")) {
            var response = http().get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(401);
            assertThat(response.json().get("title").asString()).isEqualTo("Unauthorized");
            assertThat(response.json().get("detail").asString()).contains("Bearer");
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void unknownRevokedAndMalformedTokensAre401() {
        var http = http();
        assertThat(http.get("/api/v1/me", Http.bearer("omb_not-a-real-token")).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/me", "Authorization", "Bearer").status()).isEqualTo(401);
        String token = tokenFor("moderator");
        assertThat(http.get("/api/v1/me", Http.bearer(token)).status()).isEqualTo(200);
        assertThat(tokens.revoke(token)).isTrue();
        assertThat(http.get("/api/v1/me", Http.bearer(token)).status()).isEqualTo(401);
    }

    @Test
    void unknownPathsAre404ProblemsOnTheApiAndAPageForPeople() {
        var api = http().get("/api/v1/no-such-thing", Http.bearer(tokenFor("admin")));
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(api.body()).doesNotContain("Exception").doesNotContain("at org.");

        var page = http().get("/no-such-page", "Accept", "text/html");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("there is nothing at /no-such-page").doesNotContain("Exception");
    }

    @Test
    void bodiesOverTheLimitAre413() {
        String admin = tokenFor("admin");
        String huge = "{\"markdown\":\"" + "x".repeat(300 * 1024) + "\"}";
        var response = http().postJson("/api/v1/coc/versions", huge, Http.bearer(admin));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("limit");
    }

    @Test
    void malformedJsonIsAClear400WithoutEchoingTheBody() {
        var response = http().postJson("/api/v1/spaces", "{\"slug\": \"secret-marker-123", Http.bearer(tokenFor("admin")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("secret-marker-123").contains("not valid JSON");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : List.of("/coc", "/api/v1/coc", "/login", "/actuator/health")) {
            var response = http().get(path);
            assertThat(response.header("Content-Security-Policy")).as(path)
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("script-src 'self'")
                    .doesNotContain("unsafe-inline");
            assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
        }
    }

    @Test
    void openApiDescribesTheApiAndHasABrowsablePage() {
        var json = http().get("/v3/api-docs").json();
        assertThat(json.get("openapi").asString()).startsWith("3.");
        assertThat(json.get("info").get("title").asString()).isEqualTo("Ombuds API");
        assertThat(json.get("paths").has("/api/v1/coc")).isTrue();
        assertThat(json.get("paths").has("/api/v1/spaces")).isTrue();
        var page = http().get("/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    @Test
    void prometheusMetricsAreForAdminsOnly() {
        assertThat(http().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(http().get("/actuator/prometheus", Http.bearer(tokenFor("moderator"))).status()).isEqualTo(403);
        var metrics = http().get("/actuator/prometheus", Http.bearer(tokenFor("admin")));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void spacesAreAddedByAdminsWithClearErrorsForBadInput() {
        String admin = tokenFor("admin");
        String slug = unique("chat");
        var created = http().postJson("/api/v1/spaces", Map.of("slug", slug, "kind", "chat"), Http.bearer(admin));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("kind").asString()).isEqualTo("chat");
        assertThat(created.json().get("community").asString()).isEqualTo("main");

        var duplicate = http().postJson("/api/v1/spaces", Map.of("slug", slug, "kind", "chat"), Http.bearer(admin));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("errors").get(0).get("field").asString()).isEqualTo("slug");

        var badKind = http().postJson("/api/v1/spaces", Map.of("slug", unique("x"), "kind", "telegraph"), Http.bearer(admin));
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.json().get("errors").get(0).get("field").asString()).isEqualTo("kind");
        assertThat(badKind.json().get("detail").asString()).contains("code-repository").contains("telegraph");

        var badSlug = http().postJson("/api/v1/spaces", Map.of("slug", "Not A Slug", "kind", "forum"), Http.bearer(admin));
        assertThat(badSlug.status()).isEqualTo(400);
        assertThat(badSlug.json().get("errors").get(0).get("field").asString()).isEqualTo("slug");
    }

    @Test
    void aSpaceTokenMayNotUseTheStaffApi() {
        String admin = tokenFor("admin");
        String slug = unique("forum");
        http().postJson("/api/v1/spaces", Map.of("slug", slug, "kind", "forum"), Http.bearer(admin));
        var issued = http().postJson("/api/v1/spaces/" + slug + "/tokens", Map.of(), Http.bearer(admin));
        assertThat(issued.status()).isEqualTo(201);
        String spaceToken = issued.json().get("token").asString();
        assertThat(http().get("/api/v1/spaces", Http.bearer(spaceToken)).status()).isEqualTo(403);
        assertThat(http().get("/api/v1/me", Http.bearer(spaceToken)).status()).isEqualTo(403);
    }
}
