package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
@net.jqwik.api.Tag("no-sql")
class ReceiptsTest {

    @Test
    void receiptsAreFiveGroupsOfFiveAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String receipt = Receipts.generate();
            assertThat(receipt).matches("[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}");
            assertThat(seen.add(receipt)).isTrue();
        }
    }

    @Test
    void typingSlipsStillMatch() {
        String receipt = "7KQ2M-9XD0R-1ABCD-EFGHJ-KMNPQ";
        assertThat(Receipts.canonical(" 7kq2m 9xdOr-iabcd efghj-kmnpq ")).isEqualTo(Receipts.canonical(receipt));
        assertThat(Receipts.canonical("7KQ2M-9XD0R")).isNull();
    }

    @Property(tries = 2000)
    void anyTextEitherIsNotAReceiptOrHasOneCanonicalForm(@ForAll String typed) {
        String canonical = Receipts.canonical(typed);
        if (canonical != null) {
            assertThat(canonical).hasSize(25).matches("[0-9A-HJKMNP-TV-Z]+");
            assertThat(Receipts.canonical(canonical)).isEqualTo(canonical);
        }
    }
}
