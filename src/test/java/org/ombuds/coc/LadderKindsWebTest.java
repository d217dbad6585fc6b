package org.ombuds.coc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;

/**
 * Publishing a Code whose ladder has actions of its own, over real HTTP: each such action needs a kind, declared with
 * the publication; one left without is refused naming it (problem+json on the API, the field marked on the page).
 * Each test uses a new child community, so the instance's Code stays the default one.
 */
class LadderKindsWebTest extends WebTest {
    private static final String WITH_MEDIATION = DefaultCode.text().replace("* **Permanent Ban:**",
            "* **Mediation:** A conversation led by a mediator, which the person agrees to attend.\n* **Permanent Ban:**");

    private String childCommunity(String admin) {
        String slug = unique("ladder");
        var created = http().postJson("/api/v1/communities", Map.of("slug", slug, "name", "Ladder project", "parent", "main"),
                Http.bearer(admin));
        assertThat(created.status()).isEqualTo(201);
        return slug;
    }

    @Test
    void anActionWithoutAKindIsRefusedByTheApiNamingIt() {
        String admin = tokenFor("admin");
        String community = childCommunity(admin);
        var refused = http().postJson("/api/v1/coc/versions", Map.of("markdown", WITH_MEDIATION, "community", community), Http.bearer(admin));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("'Mediation' (mediation) needs a kind").contains("conditional");
        assertThat(http().get("/api/v1/coc?community=" + community).json().get("sha256").asString()).as("it still follows the instance's Code")
                .isEqualTo(http().get("/api/v1/coc").json().get("sha256").asString());

        var unknownKind = http().postJson("/api/v1/coc/versions", Map.of("markdown", WITH_MEDIATION, "community", community,
                "ladder", List.of(Map.of("action", "mediation", "kind", "friendly-chat"))), Http.bearer(admin));
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.json().get("detail").asString()).contains("'friendly-chat', which is not a kind");

        var published = http().postJson("/api/v1/coc/versions", Map.of("markdown", WITH_MEDIATION, "community", community,
                "ladder", List.of(Map.of("action", "mediation", "kind", "conditional", "quorum", "2"))), Http.bearer(admin));
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        var actions = http().get("/api/v1/coc?community=" + community).json().get("actions");
        assertThat(actions.valueStream().map(a -> a.get("id").asString() + "=" + a.get("kind").asString()))
                .containsExactly("correction=advisory", "written-warning=advisory", "temporary-ban=timed-ban", "mediation=conditional",
                        "permanent-ban=ban");
        assertThat(actions.get(3).get("quorum").asString()).isEqualTo("2");
    }

    @Test
    void theFormMarksTheKindsFieldNamingTheActionAndKeepsWhatWasTyped() {
        String community = childCommunity(tokenFor("admin"));
        StaffSession admin = signIn("admin", "Ladder Admin");
        String page = "/staff/coc?community=" + community;
        var refused = admin.post(page, "/staff/coc", "community", community, "markdown", WITH_MEDIATION, "ladder", "", "note", "Adds mediation");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).containsPattern("id=\"ladder\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"ladder\"")
                .contains("id=\"error-ladder\"").contains("&#39;Mediation&#39; (mediation) needs a kind").contains("value=\"Adds mediation\"");

        var published = admin.post(page, "/staff/coc", "community", community, "markdown", WITH_MEDIATION, "ladder", "mediation: conditional",
                "note", "Adds mediation");
        assertThat(published.status()).isEqualTo(302);
        assertThat(admin.get(page).body()).as("publishing the text again keeps the kinds").contains("mediation: conditional");
    }
}
