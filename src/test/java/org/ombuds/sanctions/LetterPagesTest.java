package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.intake.Intake;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * The admins' letter texts page over real HTTP: saving a text (the preview and the next letter use it), a refused
 * text coming back as typed with its field marked, going back to the default, a moderator refused (403) and a form
 * without its CSRF token refused (403); and what the service accepts as a text. The web tests share one server, so
 * every text changed here is reset before the test ends.
 */
class LetterPagesTest extends WebTest {
        private static final String PAGE = "/staff/letters";
    @Autowired
    LetterTexts letterTexts;
    @Autowired
    Decisions decisions;
    @Autowired
    Cases cases;
    @Autowired
    ReadingCases reading;
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;



    private int savedRows(String key) {
        return jdbc.sql("SELECT COUNT(*) FROM letter_text WHERE key = ?").param(key).query(Integer.class).single();
    }

    @Test
    void anAdminRewordsATextThePreviewAndTheNextLetterUseItAndResetBringsBackTheDefault() {
        StaffSession admin = signIn("admin", "Letters Chair");
        String key = "letter.signature";
        String marker = unique("CoC team");
        try {
            var page = admin.get(PAGE);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>Letter texts</h1>").contains("<a href=\"/staff/letters\">Letter texts</a>")
                    .contains(">Subjects</h2>").contains(">When a measure is lifted</h2>").contains("href=\"/staff/letters/preview\"")
                    .contains("action=\"/staff/letters/letter.subject.temporary-ban\"")
                    .containsPattern("<textarea id=\"text-letter.signature\" name=\"text\"[^>]*aria-describedby=\"text-letter.signature-hint\"")
                    .contains(">The {0} conduct committee</textarea>")
                    .contains("id=\"text-letter.signature-hint\">The last line of every letter; {0} = the community&#39;s name.</p>")
                    .contains("id=\"text-letter.subject.ended-hint\">Subjects; {0} = the community&#39;s name.</p>")
                    .doesNotContain("(changed)").doesNotContain("/reset\"").doesNotContainPattern(OTHER_SCRIPT).doesNotContain("style=");

            var saved = admin.post(PAGE, PAGE + "/" + key, "text", "With regards,\r\nthe {0} conduct committee (" + marker + ")");
            assertThat(saved.status()).as(saved.body()).isEqualTo(302);
            assertThat(saved.header("Location")).endsWith(PAGE + "#text-" + key);
            var after = admin.get(PAGE);
            assertThat(after.body()).contains("The text letter.signature was saved: letters written from now on use it.")
                    .contains(">With regards,\nthe {0} conduct committee (" + marker + ")</textarea>").contains("(changed)")
                    .contains("Changed by Letters Chair on").contains("action=\"/staff/letters/letter.signature/reset\"")
                    .contains("<summary>The default text</summary>");
            assertThat(admin.get(PAGE).body()).as("the notice shows once").doesNotContain("was saved");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'update' AND record_type = 'letter-text' AND record_id = ?")
                    .param(key).query(Integer.class).single()).isEqualTo(1);

            var preview = admin.get(PAGE + "/preview");
            assertThat(preview.status()).isEqualTo(200);
            assertThat(preview.body()).contains("<h1>Preview of the letters</h1>").contains(">Temporary ban</h2>").contains(">A measure is lifted</h2>")
                    .contains("Temporary suspension from Example Community").contains("Community chat, Discussion forum")
                    .contains("A private note from the Example Community conduct committee").contains("Your suspension from Example Community has ended")
                    .contains("the Example Community conduct committee (" + marker + ")").contains("https://ombuds.example.org/appeals")
                    .contains("community&#39;s spaces").doesNotContain("{0}").doesNotContainPattern(OTHER_SCRIPT).doesNotContain("style=");

            // A letter written from now on signs with the new wording (the person has no address: it stays on the case).
            StaffSession moderator = signIn("moderator", "Letters Moderator");
            Viewer viewer = cases.viewer(moderator.account().id());
            String caseId = caseAboutConfirmed("github:" + unique("subject"));
            Decision decision = decisions.propose(viewer, caseId, new Decisions.Proposal("correction", List.of("harassment"),
                    "Rude review comments.", null, null, List.of(), false, null));
            assertThat(decision.status()).isEqualTo("in-effect");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !reading.detail(viewer, caseId).letters().isEmpty());
            CaseDetail.Letter letter = reading.detail(viewer, caseId).letters().get(0);
            assertThat(letter.body()).contains("With regards,\nthe ").contains(" conduct committee (" + marker + ")");

            var reset = admin.post(PAGE, PAGE + "/" + key + "/reset");
            assertThat(reset.status()).isEqualTo(302);
            assertThat(reset.header("Location")).endsWith(PAGE + "#text-" + key);
            var restored = admin.get(PAGE);
            assertThat(restored.body()).contains("The text letter.signature is the default again.")
                    .contains(">The {0} conduct committee</textarea>").doesNotContain("(changed)").doesNotContain(marker);
            assertThat(savedRows(key)).isZero();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'reset' AND record_type = 'letter-text' AND record_id = ?")
                    .param(key).query(Integer.class).single()).isEqualTo(1);
            assertThat(admin.get(PAGE + "/preview").body()).doesNotContain(marker).contains("The Example Community conduct committee");
        } finally {
            letterTexts.reset(admin.account().id(), key);
        }
    }

    @Test
    void aRefusedTextComesBackAsTypedWithItsFieldMarked() {
        StaffSession admin = signIn("admin", "Careful Chair");
        var unclosed = admin.post(PAGE, PAGE + "/letter.greeting", "text", "Hello {0");
        assertThat(unclosed.status()).isEqualTo(400);
        assertThat(unclosed.body()).contains("id=\"error-summary\"").contains("href=\"#text-letter.greeting\"")
                .containsPattern("<textarea id=\"text-letter.greeting\" name=\"text\"[^>]*aria-invalid=\"true\"[^>]*"
                        + "aria-describedby=\"text-letter.greeting-hint error-text-letter.greeting\"")
                .contains("id=\"error-text-letter.greeting\">the braces do not match")
                .contains(">Hello {0</textarea>")
                .containsPattern("<textarea id=\"text-letter.signature\" name=\"text\"[^>]*aria-describedby=\"text-letter.signature-hint\"")
                .contains(">The {0} conduct committee</textarea>");

        var unknownValue = admin.post(PAGE, PAGE + "/letter.greeting", "text", "Hello {7},");
        assertThat(unknownValue.status()).isEqualTo(400);
        assertThat(unknownValue.body()).contains("this text receives no values: remove {7}").contains(">Hello {7},</textarea>");

        var otherValue = admin.post(PAGE, PAGE + "/letter.subject.correction", "text", "A note about {1}");
        assertThat(otherValue.status()).isEqualTo(400);
        assertThat(otherValue.body()).contains("{1} is not a value this text receives; it receives {0}")
                .containsPattern("<textarea id=\"text-letter.subject.correction\" name=\"text\"[^>]*aria-invalid=\"true\"")
                .contains(">A note about {1}</textarea>");

        assertThat(admin.post(PAGE, PAGE + "/letter.nothing", "text", "Hello").status()).isEqualTo(404);
        assertThat(savedRows("letter.greeting") + savedRows("letter.subject.correction") + savedRows("letter.nothing")).isZero();
    }

    @Test
    void onlyAdminsMayUseThePageAndEveryFormNeedsItsCsrfToken() {
        StaffSession moderator = signIn("moderator", "Curious Moderator");
        assertThat(moderator.get("/staff").body()).as("no link to a page they may not use").doesNotContain("href=\"/staff/letters\"");
        assertThat(moderator.get(PAGE).status()).isEqualTo(403);
        assertThat(moderator.get(PAGE + "/preview").status()).isEqualTo(403);
        assertThat(moderator.post("/staff", PAGE + "/letter.greeting", "text", "Hi,").status()).isEqualTo(403);
        assertThat(moderator.post("/staff", PAGE + "/letter.greeting/reset").status()).isEqualTo(403);
        StaffSession reviewer = signIn("appeal-reviewer", "Curious Reviewer");
        assertThat(reviewer.get(PAGE).status()).isEqualTo(403);

        StaffSession admin = signIn("admin", "Hasty Chair");
        assertThat(admin.get("/staff").body()).contains("href=\"/staff/letters\"");
        assertThat(admin.postWithout(PAGE + "/letter.greeting", "text", "Forged elsewhere,").status()).isEqualTo(403);
        assertThat(savedRows("letter.greeting")).isZero();
        assertThat(http().get(PAGE).header("Location")).as("anonymous: sign in first").endsWith("/login");
    }

    @Test
    void theServiceKeepsTextsTheLettersCanUse() {
        String admin = accounts.add(unique("admin") + "@example.org", "Service Chair", "admin").id();
        String moderator = accounts.add(unique("moderator") + "@example.org", "Service Moderator", "moderator").id();
        assertThatThrownBy(() -> letterTexts.list(moderator)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> letterTexts.save(moderator, "letter.greeting", "Hi,")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> letterTexts.reset(moderator, "letter.greeting")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> letterTexts.preview(moderator)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> letterTexts.save(admin, "letter.unknown", "Hi,")).isInstanceOf(NotFoundException.class);

        Map<String, String> refused = Map.of(
                "   ", "the text is required",
                "x".repeat(LetterTexts.MAX_LENGTH + 1), "at most 5000",
                "Don't do that, {0}.", "write an apostrophe as ''",
                "Value {0,number}", "without a format",
                "Hello {x}", "the braces do not match");
        refused.forEach((text, message) -> assertThatThrownBy(() -> letterTexts.save(admin, "letter.subject.correction", text)).as(text)
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("text")));
        assertThatThrownBy(() -> letterTexts.save(admin, LetterTemplates.DATE_FORMAT, "d MMMM yyyy, HH:mm 'UTC"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a date pattern");
        assertThat(letterTexts.list(admin)).extracting(LetterTexts.LetterText::key).startsWith("letter.dateFormat", "letter.greeting",
                "letter.signature", "letter.subject.correction").contains("letter.lifted").doesNotContain("letter.unknown");

        try {
            letterTexts.save(admin, LetterTemplates.DATE_FORMAT, "yyyy-MM-dd");
            letterTexts.save(admin, "letter.appeal", "A first wording until {0}.");
            letterTexts.save(admin, "letter.appeal", "Appeal until {0} at {1}; it''s reference {3}. {3} again, see {2}.");
            assertThat(letterTexts.preview(admin)).filteredOn(sample -> sample.kind().equals("temporary-ban")).singleElement()
                    .satisfies(sample -> assertThat(sample.body()).doesNotContain("A first wording").containsPattern("Appeal until \\d{4}-\\d{2}-\\d{2} at https://ombuds.example.org/appeal/oap_example-personal-link;"
                            + " it's reference amber-heron-417\\. amber-heron-417 again, see https://ombuds.example.org/appeals\\."));
            assertThat(letterTexts.list(admin)).filteredOn(text -> text.key().equals("letter.appeal")).singleElement()
                    .satisfies(text -> {
                        assertThat(text.changed()).isTrue();
                        assertThat(text.updatedBy()).isEqualTo(admin);
                        assertThat(text.defaultText()).startsWith("If you believe this decision is unjust");
                        assertThat(text.hint()).contains("{3} = this letter's reference");
                        assertThat(text.group()).isEqualTo("appeal");
                    });
        } finally {
            letterTexts.reset(admin, LetterTemplates.DATE_FORMAT);
            letterTexts.reset(admin, "letter.appeal");
        }
        assertThat(letterTexts.reset(admin, "letter.appeal")).isFalse();
    }
}
