package org.ombuds.coc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.platform.InvalidInputException;

// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class CodeParserTest {

    @Test
    void theShippedCodeDefinesTheContractsCategoryActionAndScopeIds() {
        var structure = CodeParser.parse(DefaultCode.text());
        assertThat(structure.categories()).extracting(Category::id).containsExactly("harassment", "discrimination",
                "violence-threats", "insults-personal-attacks", "doxing-privacy", "disruptive-behavior",
                "unprofessional-conduct", "illegal-activities");
        assertThat(structure.actions()).extracting(EnforcementAction::id)
                .containsExactly("correction", "written-warning", "temporary-ban", "permanent-ban");
        assertThat(structure.actions()).extracting(EnforcementAction::rank).containsExactly(1, 2, 3, 4);
        assertThat(structure.scope()).extracting(ScopeEntry::kind)
                .containsExactly("code-repository", "issue-tracker", "mailing-list", "chat", "forum", "event");
        assertThat(structure.categories().get(2).name()).isEqualTo("Violence and Threats of Violence");
        assertThat(structure.actions().get(1).description()).startsWith("A formal written warning");
    }

    @Test
    void idsComeFromTheNamesWithoutFillerWords() {
        assertThat(CodeParser.idOf("Doxing and Privacy Violations")).isEqualTo("doxing-privacy");
        assertThat(CodeParser.idOf("Violence and Threats of Violence")).isEqualTo("violence-threats");
        assertThat(CodeParser.idOf("Written Warning:")).isEqualTo("written-warning");
    }

    @Test
    void aCodeWithoutCategoriesCannotBePublished() {
        assertThatThrownBy(() -> CodeParser.parseForPublishing("# Code\n\nBe nice.\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Unacceptable Behavior")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("markdown");
    }

    @Test
    void aCodeWithoutALadderCannotBePublished() {
        assertThatThrownBy(() -> CodeParser.parseForPublishing("## Unacceptable Behavior\n\n* **Spam:** no spam\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Reporting and Enforcement");
    }

    @Test
    void twoCategoriesWithTheSameIdAreRefused() {
        String code = "## Unacceptable Behavior\n* **Spam:** a\n* **Spam** : b\n## Reporting and Enforcement\n* **Correction:** c\n";
        assertThatThrownBy(() -> CodeParser.parseForPublishing(code)).hasMessageContaining("'spam'");
    }

    @Test
    void aCategoryOrActionWhoseNameGivesNoIdIsRefused() {
        // Found by CodeParserFuzzTest: "**骚扰**" made the id "", which no decision or report could cite.
        String category = "## Unacceptable Behavior\n* **骚扰:** a\n## Reporting and Enforcement\n* **Correction:** c\n";
        assertThatThrownBy(() -> CodeParser.parseForPublishing(category)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'骚扰'").hasMessageContaining("Latin letters or digits");
        String action = "## Unacceptable Behavior\n* **Spam:** a\n## Reporting and Enforcement\n* **!!!:** c\n";
        assertThatThrownBy(() -> CodeParser.parseForPublishing(action)).hasMessageContaining("action '!!!'");
    }

    @Test
    void twoActionsWithTheSameIdAreRefused() {
        String code = "## Unacceptable Behavior\n* **Spam:** a\n## Reporting and Enforcement\n* **Correction:** c\n* **The Correction** d\n";
        assertThatThrownBy(() -> CodeParser.parseForPublishing(code)).hasMessageContaining("two actions share the id 'correction'");
    }

    @Test
    void onlyHttpHttpsMailtoAndLinksWithinTheSiteMayBePublished() {
        for (String link : java.util.List.of("https://example.org/conduct", "http://example.org", "mailto:conduct@example.org",
                "/report", "#scope", "appeals", "?lang=de", "//example.org/elsewhere", "HTTPS://EXAMPLE.ORG")) {
            CodeParser.parseForPublishing(withLinks("[a link](" + link + ") and ![a picture](" + link + ")"));
        }
    }

    @Test
    void aCodeWithADataJavascriptOrOtherLinkIsRefusedNamingTheLink() {
        for (String link : java.util.List.of("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "javascript:alert(1)",
                "JavaScript:alert(1)", "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.org/x")) {
            for (String markdown : java.util.List.of("[click](" + link + ")", "![picture](" + link + ")", "<" + link + ">",
                    "[click][ref]\n\n[ref]: " + link)) {
                assertThatThrownBy(() -> CodeParser.parseForPublishing(withLinks(markdown))).as(markdown)
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining(link.substring(0, Math.min(link.length(), 20)))
                        .hasMessageContaining("https")
                        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("markdown");
            }
        }
        // Entities and spaces do not hide the scheme from the rule (browsers decode them the same way).
        assertThatThrownBy(() -> CodeParser.parseForPublishing(withLinks("[click](&#106;avascript:alert(1))")))
                .hasMessageContaining("javascript:alert(1)");
        assertThatThrownBy(() -> CodeParser.parseForPublishing(withLinks("[click](< javascript:alert(1)>)")))
                .hasMessageContaining("javascript:alert(1)");
    }

    @Test
    void theRefusalQuotesALongLinkShortAndWithoutControlCharacters() {
        String link = "data:text/plain," + "A".repeat(5000);
        assertThatThrownBy(() -> CodeParser.parseForPublishing(withLinks("[x](<" + link + "\u0001>)")))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContainPattern("\\p{Cntrl}"));
    }

    private static String withLinks(String text) {
        return "## Unacceptable Behavior\n* **Spam:** " + text + "\n## Reporting and Enforcement\n* **Correction:** c\n";
    }
}
