package org.ombuds.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;

/** The one rule for addresses: a domain outside ASCII is kept in its IDNA form, a mailbox name outside ASCII refused. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class EmailAddressesTest {

    @Test
    void anInternationalisedDomainIsKeptInTheAsciiFormThatReachesTheSameMailbox() {
        assertThat(EmailAddresses.ascii("ada@bücher.example")).contains("ada@xn--bcher-kva.example");
        assertThat(EmailAddresses.ascii(" Ada@例え.jp ")).contains("Ada@xn--r8jz45g.jp");
        assertThat(EmailAddresses.ascii("ada@example.org")).contains("ada@example.org");
        assertThat(IdentityHandle.parse("email:Ada@Bücher.example").value()).isEqualTo("ada@xn--bcher-kva.example");
        assertThat(IdentityHandle.parse("email:ada@bücher.example")).as("one person however typed")
                .isEqualTo(IdentityHandle.parse("email:ada@xn--bcher-kva.example"));
        assertThat(new OmbudsProperties.Committee("conduct@bücher.example").email()).isEqualTo("conduct@xn--bcher-kva.example");
        assertThat(EmailAddresses.readable("ada@xn--bcher-kva.example")).isEqualTo("ada@bücher.example");
        assertThat(EmailAddresses.readable("ada@example.org")).isEqualTo("ada@example.org");
    }

    @Test
    void aMailboxNameOutsideAsciiIsRefusedWithAReasonAndNeverRewritten() {
        String cyrillic = "\u0430lice@example.org";
        assertThat(EmailAddresses.internationalMailbox(cyrillic)).isTrue();
        assertThat(EmailAddresses.ascii(cyrillic)).isEmpty();
        assertThatThrownBy(() -> EmailAddresses.require("reporter.email", null, cyrillic)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("reporter.email");
            assertThat(e.code()).isEqualTo("reporter.email.international");
            assertThat(e.getMessage()).contains(cyrillic).contains("not a plain Latin letter");
        });
        for (String kind : new String[] {"email", "mailman", "zulip"}) {
            assertThatThrownBy(() -> IdentityHandle.parse(kind + ":" + cyrillic)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                assertThat(e.field()).isEqualTo("handles");
                assertThat(e.code()).isEqualTo("handles.international");
            });
        }
        assertThatThrownBy(() -> new OmbudsProperties.Committee(cyrillic)).hasMessageContaining(cyrillic);
        assertThatThrownBy(() -> new OmbudsProperties.Mail(cyrillic)).hasMessageContaining(cyrillic);
    }

    @Test
    void whatIsNoAddressOrWouldBeSentElsewhereIsRefused() {
        // IDNA2003 would write straße as strasse, another registrable domain.
        assertThat(EmailAddresses.ascii("ada@straße.example")).isEmpty();
        assertThat(EmailAddresses.ascii("a\u0000b@example.org")).isEmpty();
        assertThat(EmailAddresses.ascii("ada@example")).isEmpty();
        assertThat(EmailAddresses.ascii("ada@@example.org")).isEmpty();
        assertThat(EmailAddresses.ascii("x".repeat(250) + "@example.org")).isEmpty();
        assertThatThrownBy(() -> EmailAddresses.require("email", null, "nobody")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.code()).isEqualTo("email"));
        assertThat(new OmbudsProperties.Mail(null).from()).as("the default sender stays possible").isEqualTo("ombuds@localhost");
    }
}
