package org.ombuds.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.platform.InvalidInputException;

// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
@net.jqwik.api.Tag("no-sql")
class IdentityHandleTest {

    @Test
    void handlesAreNormalisedSoTheSamePersonMatchesHoweverTyped() {
        assertThat(IdentityHandle.parse("email: Ada@Example.ORG ")).isEqualTo(IdentityHandle.parse("email:ada@example.org"));
        assertThat(IdentityHandle.parse("GitHub:Octo-Cat").toString()).isEqualTo("github:octo-cat");
        assertThat(IdentityHandle.parse("matrix:@Ada:matrix.org").value()).isEqualTo("@ada:matrix.org");
    }

    @Test
    void onlyTheFirstColonSeparatesKindFromValue() {
        IdentityHandle handle = IdentityHandle.parse("matrix:@ada:example.org:8448");
        assertThat(handle.kind()).isEqualTo("matrix");
        assertThat(handle.value()).isEqualTo("@ada:example.org:8448");
    }

    @Test
    void malformedHandlesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> IdentityHandle.parse("octocat")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("kind:value");
        assertThatThrownBy(() -> IdentityHandle.parse("github:-bad-")).hasMessageContaining("not a well-formed github handle");
        assertThatThrownBy(() -> IdentityHandle.parse("email:nobody")).hasMessageContaining("email");
        assertThatThrownBy(() -> IdentityHandle.parse("myspace:tom")).hasMessageContaining("unknown handle kind");
        assertThat(IdentityHandle.kinds()).contains("email", "github", "matrix", "irc", "discourse", "discord", "mailman");
    }

    @Property(tries = 2000)
    void parsingAnyTextEitherRefusesClearlyOrGivesAStableCanonicalForm(@ForAll String text) {
        try {
            IdentityHandle handle = IdentityHandle.parse(text);
            assertThat(IdentityHandle.parse(handle.toString())).isEqualTo(handle);
        } catch (InvalidInputException refused) {
            assertThat(refused.field()).isEqualTo("handles");
            assertThat(refused.getMessage()).doesNotContainPattern("\\p{Cntrl}");
        }
    }
}
