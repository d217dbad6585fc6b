package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;

/**
 * The public pages in German over real HTTP: chosen by the browser's Accept-Language or by ?lang=de, which a cookie
 * then remembers over the browser's own preference until ?lang=en switches back; other languages get English. A
 * refused German report form says what is wrong in German; the error page too. The committee's pages stay English
 * (they are not translated) and say so in their lang attribute.
 */
class GermanPublicPagesTest extends WebTest {
    private static final String GERMAN = "de-DE,de;q=0.9,en;q=0.5";

    private static void german(Http.Response page) {
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"de\">").contains("<title>Ein Anliegen melden · Ombuds</title>")
                .contains("<h1>Ein Anliegen melden</h1>").contains("Wer das liest").contains("Was ist passiert")
                .contains(">Meldung senden</button>").contains("Zum Inhalt springen")
                .contains("Meldungen werden nur vom Komitee für den Verhaltenskodex gelesen")
                .as("a link back to English, named in English").contains("<a href=\"?lang=en\" lang=\"en\" hreflang=\"en\">English</a>")
                .doesNotContain("Report a concern").doesNotContain("Send the report");
    }

    private static void english(Http.Response page) {
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"en\">").contains("<h1>Report a concern</h1>").contains(">Send the report</button>")
                .contains("<a href=\"?lang=de\" lang=\"de\" hreflang=\"de\">Deutsch</a>").doesNotContain("Meldung senden");
    }

    private static String languageCookie(Http.Response page) {
        return page.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("OMBUDS_LANG=")).findFirst()
                .orElseThrow(() -> new AssertionError("no language cookie was set"));
    }

    @Test
    void theBrowsersLanguageChoosesGermanAndOtherLanguagesGetEnglish() {
        german(http().get("/report", "Accept-Language", GERMAN));
        english(http().get("/report", "Accept-Language", "fr-FR,fr;q=0.9"));
        english(http().get("/report"));
        english(http().get("/report", "Accept-Language", "fr, en-GB;q=0.8, de;q=0.7"));

        var code = http().get("/coc", "Accept-Language", "de");
        assertThat(code.body()).contains("<html lang=\"de\">").contains("in Kraft seit").contains("Alle Versionen und Änderungen")
                .containsPattern("in Kraft seit \\d{1,2}\\. [A-Z][a-zä]+ \\d{4}");
        assertThat(http().get("/appeals", "Accept-Language", "de").body()).contains("<h1>So funktioniert ein Einspruch</h1>");
        assertThat(http().get("/receipt", "Accept-Language", "de").body()).contains(">Meine Meldung zeigen</button>");
    }

    @Test
    void theChoiceOfLanguageIsRememberedUntilSwitchedBack() {
        Http browser = http();
        var chosen = browser.get("/report?lang=de");
        german(chosen);
        assertThat(languageCookie(chosen)).startsWith("OMBUDS_LANG=de;").contains("HttpOnly").contains("SameSite=Lax");
        german(browser.get("/report"));
        german(browser.get("/report", "Accept-Language", "en"));
        assertThat(browser.get("/").body()).contains("<html lang=\"de\">").contains("Den Verhaltenskodex lesen");

        var back = browser.get("/report?lang=en", "Accept-Language", GERMAN);
        english(back);
        assertThat(languageCookie(back)).startsWith("OMBUDS_LANG=en;");
        english(browser.get("/report", "Accept-Language", GERMAN));

        var unsupported = browser.get("/report?lang=fr", "Accept-Language", GERMAN);
        assertThat(unsupported.body()).as("another language clears the choice: the browser's applies").contains("<html lang=\"de\">");
        var versions = browser.get("/coc/versions?lang=de&community=main");
        assertThat(versions.body()).as("the switch keeps the rest of the address")
                .contains("<a href=\"?community=main&amp;lang=en\" lang=\"en\" hreflang=\"en\">English</a>");
    }

    @Test
    void aRefusedGermanReportSaysWhatIsWrongInGerman() {
        Http browser = http();
        String csrf = Http.csrf(browser.get("/report?lang=de").body());
        var noCategory = browser.postForm("/report", Map.of("_csrf", csrf, "description", "Er hat mich im Chat beleidigt."));
        assertThat(noCategory.status()).isEqualTo(200);
        assertThat(noCategory.body()).contains("<html lang=\"de\">").contains("Bitte prüfen Sie Folgendes:")
                .contains("id=\"error-category\">Bitte wählen Sie eine Kategorie des Kodex.</p>").contains("Er hat mich im Chat beleidigt.")
                .doesNotContain("must be one of").as("a page answering a post offers no switch").doesNotContain("hreflang");

        var badHandle = browser.postForm("/report", Map.of("_csrf", csrf, "category", "harassment", "description", "Beleidigungen.",
                "reportedHandles", "octocat-without-kind"));
        assertThat(badHandle.body()).contains("id=\"error-reportedHandles\">„octocat-without-kind“ ist kein Benutzername in der Form Art:Name")
                .contains("aria-invalid=\"true\"");
        var tooLong = browser.postForm("/report", Map.of("_csrf", csrf, "category", "harassment", "description", "x".repeat(20_001)));
        assertThat(tooLong.body()).contains("Beschreiben Sie, was passiert ist, mit 1 bis 20.000 Zeichen.");

        var english = http();
        String englishCsrf = Http.csrf(english.get("/report").body());
        assertThat(english.postForm("/report", Map.of("_csrf", englishCsrf, "description", "He insulted me.")).body())
                .contains("category must be one of the Code&#39;s categories: ");
    }

    @Test
    void theErrorPageAndTheReceiptPageSpeakGerman() {
        var missing = http().get("/nothing-here", "Accept-Language", "de", "Accept", "text/html");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("<html lang=\"de\">").contains("<h1>Etwas stimmt nicht</h1>")
                .contains("Unter dieser Adresse gibt es nichts.").contains("Zurück zur Startseite");

        Http browser = http();
        String csrf = Http.csrf(browser.get("/receipt?lang=de").body());
        var unknown = browser.postForm("/receipt", Map.of("_csrf", csrf, "receipt", "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"));
        assertThat(unknown.body()).contains("Zu dieser Quittung gibt es keine Meldung");
    }

    @Test
    void theCommitteesPagesStayEnglish() {
        StaffSession moderator = signIn("moderator", "Englisch Moderator");
        var page = moderator.http().get("/staff?lang=de", "Accept-Language", GERMAN);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"en\">").contains("<h1>Committee workspace</h1>").doesNotContain("hreflang");
        assertThat(moderator.http().get("/coc").body()).as("the public pages follow the choice made on a staff page")
                .contains("<html lang=\"de\">");
    }
}
