package org.ombuds.coc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Admins publish new versions; every version stays readable and the pages show what changed. */
class CodeOfConductPublishingTest extends WebTest {
    @Autowired
    JdbcClient jdbc;

    private String childCommunity(String admin) {
        String slug = unique("sub");
        var created = http().postJson("/api/v1/communities", Map.of("slug", slug, "name", "Sub project", "parent", "main"),
                Http.bearer(admin));
        assertThat(created.status()).isEqualTo(201);
        return slug;
    }

    private static String version(String extraCategory) {
        return DefaultCode.text().replace("* **Illegal Activities:**",
                "* **" + extraCategory + ":** Pretending to be someone else.\n* **Illegal Activities:**");
    }

    @Test
    void anAdminPublishesANewVersionAndEveryVersionStaysReadable() {
        String admin = tokenFor("admin");
        String community = childCommunity(admin);
        var first = http().postJson("/api/v1/coc/versions", Map.of("markdown", version("Impersonation"), "community", community,
                "note", "Adds impersonation"), Http.bearer(admin));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("version").asInt()).isEqualTo(1);
        assertThat(first.header("Location")).endsWith("/coc/versions/1");

        var second = http().postJson("/api/v1/coc/versions", Map.of("markdown", version("Impersonation of others"),
                "community", community), Http.bearer(admin));
        assertThat(second.json().get("version").asInt()).isEqualTo(2);

        var current = http().get("/api/v1/coc?community=" + community).json();
        assertThat(current.get("version").asInt()).isEqualTo(2);
        assertThat(current.get("categories").valueStream().map(c -> c.get("id").asString()))
                .contains("impersonation-others").doesNotContain("impersonation");
        var older = http().get("/api/v1/coc/versions/1?community=" + community).json();
        assertThat(older.get("markdown").asString()).contains("**Impersonation:**");
        assertThat(older.get("categories").valueStream().map(c -> c.get("id").asString())).contains("impersonation");

        var diff = http().get("/api/v1/coc/diff?from=1&to=2&community=" + community).json();
        assertThat(diff.get("unified").asString()).contains("-* **Impersonation:**").contains("+* **Impersonation of others:**");
    }

    @Test
    void thePagesListVersionsAndShowWhatChanged() {
        String admin = tokenFor("admin");
        String community = childCommunity(admin);
        http().postJson("/api/v1/coc/versions", Map.of("markdown", version("Impersonation"), "community", community), Http.bearer(admin));
        http().postJson("/api/v1/coc/versions", Map.of("markdown", version("Sockpuppetry"), "community", community), Http.bearer(admin));

        var list = http().get("/coc/versions?community=" + community);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("href=\"/coc/versions/1?community=" + community + "\"")
                .contains("href=\"/coc/diff?from=1&amp;to=2&amp;community=" + community + "\"")
                .containsPattern("Version 2</a>\\s*<strong>\\(in force\\)</strong>").doesNotContainPattern("Version 1</a>\\s*<strong>");

        var diff = http().get("/coc/diff?from=1&to=2&community=" + community);
        assertThat(diff.body()).contains("What changed from version 1 to version 2")
                .contains("<span class=\"removed\">").contains("Impersonation").contains("<span class=\"added\">").contains("Sockpuppetry");

        var old = http().get("/coc/versions/1?community=" + community);
        assertThat(old.body()).contains("This is an earlier version. The version in force is 2.");
    }

    @Test
    void publishingIsForAdminsAndBadInputGetsAClearError() {
        String admin = tokenFor("admin");
        var moderator = http().postJson("/api/v1/coc/versions", Map.of("markdown", DefaultCode.text()), Http.bearer(tokenFor("moderator")));
        assertThat(moderator.status()).isEqualTo(403);
        assertThat(http().postJson("/api/v1/coc/versions", Map.of("markdown", DefaultCode.text())).status()).isEqualTo(401);

        var empty = http().postJson("/api/v1/coc/versions", Map.of("markdown", " "), Http.bearer(admin));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errors").get(0).get("field").asString()).isEqualTo("markdown");

        var noCategories = http().postJson("/api/v1/coc/versions", Map.of("markdown", "# Be excellent\n"), Http.bearer(admin));
        assertThat(noCategories.status()).isEqualTo(400);
        assertThat(noCategories.json().get("detail").asString()).contains("Unacceptable Behavior");

        var past = http().postJson("/api/v1/coc/versions", Map.of("markdown", DefaultCode.text(), "effectiveAt", "2001-01-01T00:00:00Z"),
                Http.bearer(admin));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("errors").get(0).get("field").asString()).isEqualTo("effectiveAt");

        var badDate = http().postJson("/api/v1/coc/versions", "{\"markdown\":\"x\",\"effectiveAt\":\"next tuesday\"}", Http.bearer(admin));
        assertThat(badDate.status()).isEqualTo(400);

        var unknownCommunity = http().postJson("/api/v1/coc/versions", Map.of("markdown", DefaultCode.text(), "community", "nope"),
                Http.bearer(admin));
        assertThat(unknownCommunity.status()).isEqualTo(404);
        assertThat(http().get("/api/v1/coc/versions/999").status()).isEqualTo(404);
        assertThat(http().get("/coc/versions/999").status()).isEqualTo(404);
        assertThat(http().get("/coc/versions/abc").status()).isEqualTo(400);
    }

    @Test
    void aPublishedCodeCannotInjectScriptIntoThePage() {
        String admin = tokenFor("admin");
        String community = childCommunity(admin);
        String hostile = DefaultCode.text() + "\n<script>alert(1)</script>\n";
        assertThat(http().postJson("/api/v1/coc/versions", Map.of("markdown", hostile, "community", community), Http.bearer(admin))
                .status()).isEqualTo(201);
        var page = http().get("/coc?community=" + community);
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;");
    }

    @Test
    void aCodeLinkingAnywhereButHttpHttpsOrMailtoIsRefusedNamingTheLink() {
        String admin = tokenFor("admin");
        String community = childCommunity(admin);
        int versions = http().get("/api/v1/coc/versions?community=" + community).json().size();
        for (String link : List.of("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "javascript:alert(2)", "vbscript:msgbox(3)",
                "file:///etc/passwd")) {
            var refused = http().postJson("/api/v1/coc/versions", Map.of("markdown", DefaultCode.text() + "\nSee [our photo](" + link + ").\n",
                    "community", community), Http.bearer(admin));
            assertThat(refused.status()).as(link).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("markdown");
            assertThat(refused.json().get("detail").asString()).contains(link).contains("https");
        }
        assertThat(http().get("/api/v1/coc/versions?community=" + community).json().size()).as("nothing was published").isEqualTo(versions);

        var fine = http().postJson("/api/v1/coc/versions", Map.of("markdown", DefaultCode.text()
                + "\nSee [the FAQ](https://example.org/faq), [the scope](#scope), [the report form](/report), [us](mailto:conduct@example.org).\n",
                "community", community), Http.bearer(admin));
        assertThat(fine.status()).as(fine.body()).isEqualTo(201);
        assertThat(http().get("/coc?community=" + community).body()).contains("href=\"https://example.org/faq\"").contains("href=\"#scope\"")
                .contains("href=\"/report\"").contains("href=\"mailto:conduct@example.org\"");
    }

    @Test
    void aVersionStoredWithUnsafeLinksShowsThemAsPlainText() {
        String admin = tokenFor("admin");
        String community = childCommunity(admin);
        // As a version published before links were checked would be: written to the table directly.
        String markdown = DefaultCode.text() + "\nSee [our photo](data:text/html;base64,PHNjcmlwdD4=), [this](javascript:alert(2)),"
                + " <vbscript:msgbox(3)>, ![a picture](data:image/svg+xml;base64,PHN2Zz4=) and [the FAQ](https://example.org/faq).\n";
        jdbc.sql("INSERT INTO coc_version (id, community_id, version, markdown, sha256, effective_at, published_at, published_by, note)"
                        + " VALUES (?, (SELECT id FROM community WHERE slug = ?), 1, ?, ?, ?, ?, 'ombuds', NULL)")
                .params(org.ombuds.platform.Ids.newId(), community, markdown, CodeOfConduct.sha256(markdown), 0L, 0L).update();

        var page = http().get("/coc?community=" + community);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("See our photo, this, vbscript:msgbox(3), a picture and <a rel=\"nofollow\" href=\"https://example.org/faq\">")
                .doesNotContain("data:text/html").doesNotContain("data:image").doesNotContain("javascript:")
                .doesNotContainPattern("(href|src)=\"(data|javascript|vbscript|)[:\"]").doesNotContain("<img");
    }

    @Test
    void theCommitteeEmailIsNotShownUnlessConfigured() {
        var page = http().get("/coc");
        assertThat(page.body()).contains("the report page").doesNotContain("mailto:");
        assertThat(page.body()).contains("the conduct committee through the appeal link");
        var appeals = http().get("/appeals");
        assertThat(appeals.status()).isEqualTo(200);
        assertThat(appeals.body()).contains("How appeals work").contains("took no part in the original decision");
    }
}
