package org.ombuds.coc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.ombuds.platform.InvalidInputException;

/**
 * Any uploaded text either publishes as a Code whose categories and actions each have one distinct, citable id, or
 * is refused with an InvalidInputException (a 400 naming the markdown field); parsing itself never throws.
 */
class CodeParserFuzzTest {

    @FuzzTest
    void anyTextPublishesWithCitableIdsOrIsRefusedClearly(byte[] upload) {
        String markdown = new String(upload, StandardCharsets.UTF_8);
        var parsed = CodeParser.parse(markdown);
        assertThat(parsed.categories()).allSatisfy(c -> assertThat(c.id()).matches("[a-z0-9-]*"));
        CodeParser.Structure published;
        try {
            published = CodeParser.parseForPublishing(markdown);
        } catch (InvalidInputException refused) {
            assertThat(refused.field()).isEqualTo("markdown");
            assertThat(refused.getMessage()).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
            return;
        }
        assertThat(published.categories()).isNotEmpty().allSatisfy(c -> assertThat(c.id()).matches("[a-z0-9]+(-[a-z0-9]+)*"));
        assertThat(published.actions()).isNotEmpty().allSatisfy(a -> assertThat(a.id()).matches("[a-z0-9]+(-[a-z0-9]+)*"));
        assertThat(published.categories().stream().map(Category::id).allMatch(new HashSet<>()::add)).isTrue();
        assertThat(published.actions().stream().map(EnforcementAction::id).allMatch(new HashSet<>()::add)).isTrue();
    }
}
