package org.ombuds.coc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;

/**
 * /staff/coc over real HTTP: an admin publishes the next version of a community's Code through the form. Each test
 * uses a new child community, which follows the instance's Code until it publishes its own version 1.
 */
class CodeStaffPageTest extends WebTest {

    private String childCommunity(String admin) {
        String slug = unique("sub");
        var created = http().postJson("/api/v1/communities", Map.of("slug", slug, "name", "Sub project", "parent", "main"),
                Http.bearer(admin));
        assertThat(created.status()).isEqualTo(201);
        return slug;
    }

    @Test
    void anAdminPublishesTheNextVersionWithItsNoteAndTheCodeInForceChanges() {
        String community = childCommunity(tokenFor("admin"));
        StaffSession admin = signIn("admin", "Code Admin");
        String page = "/staff/coc?community=" + community;
        assertThat(admin.get(page).body()).contains("Version 1 is in force");

        String text = DefaultCode.text().replace("* **Illegal Activities:**",
                "* **Impersonation:** Pretending to be someone else.\n* **Illegal Activities:**");
        var published = admin.post(page, "/staff/coc", "community", community, "markdown", text, "note", "Adds impersonation");
        assertThat(published.status()).isEqualTo(302);
        assertThat(published.header("Location")).endsWith("/staff/coc?community=" + community);
        assertThat(admin.get(page).body()).contains("Version 1 is published and in force.");

        var current = http().get("/api/v1/coc?community=" + community).json();
        assertThat(current.get("sha256").asString()).isNotEqualTo(http().get("/api/v1/coc").json().get("sha256").asString());
        assertThat(current.get("categories").valueStream().map(c -> c.get("id").asString())).contains("impersonation");
        assertThat(http().get("/coc/versions?community=" + community).body()).contains("Adds impersonation");
    }

    @Test
    void aTextWithoutTheCodesSectionsIsRefusedWithTheFieldMarkedAndTheTextKept() {
        String community = childCommunity(tokenFor("admin"));
        StaffSession admin = signIn("admin", "Code Admin");
        String page = "/staff/coc?community=" + community;
        var refused = admin.post(page, "/staff/coc", "community", community, "markdown", "# Be kind\n\nThat is all.",
                "note", "Shorter");
        assertThat(refused.status()).isEqualTo(400);
        String followed = http().get("/api/v1/coc?community=" + community).json().get("sha256").asString();
        assertThat(refused.body()).containsPattern("id=\"markdown\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"markdown\"")
                .contains("id=\"error-markdown\"").contains("That is all.").contains("value=\"Shorter\"");
        assertThat(http().get("/api/v1/coc?community=" + community).json().get("sha256").asString()).isEqualTo(followed);
        assertThat(http().get("/api/v1/coc/versions?community=" + community).body()).doesNotContain("Shorter");
    }

    @Test
    void aDateSchedulesTheVersionAndThePastIsRefused() {
        String community = childCommunity(tokenFor("admin"));
        StaffSession admin = signIn("admin", "Code Admin");
        String page = "/staff/coc?community=" + community;
        var past = admin.post(page, "/staff/coc", "community", community, "markdown", DefaultCode.text(), "effective", "2020-01-01");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body()).contains("id=\"error-effectiveAt\"").contains("cannot take effect in the past");
        var malformed = admin.post(page, "/staff/coc", "community", community, "markdown", DefaultCode.text(), "effective", "next week");
        assertThat(malformed.body()).contains("the date must look like 2027-01-31");

        var scheduled = admin.post(page, "/staff/coc", "community", community, "markdown", DefaultCode.text() + "\n",
                "effective", java.time.LocalDate.now().plusDays(30).toString());
        assertThat(scheduled.status()).isEqualTo(302);
        assertThat(admin.get(page).body()).contains("Version 1 is published and takes effect on its date.");
        assertThat(http().get("/api/v1/coc?community=" + community).json().get("sha256").asString())
                .as("until then the community follows the instance's Code").isEqualTo(http().get("/api/v1/coc").json().get("sha256").asString());
    }

    @Test
    void onlyAdminsPublish() {
        StaffSession moderator = signIn("moderator", "Code Moderator");
        assertThat(moderator.get("/staff/coc").status()).isEqualTo(403);
        var posted = moderator.post("/staff", "/staff/coc", "markdown", DefaultCode.text());
        assertThat(posted.status()).isEqualTo(403);
    }
}
