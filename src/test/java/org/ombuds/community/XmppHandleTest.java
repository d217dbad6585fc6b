package org.ombuds.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The xmpp handle kind: a bare JID, which the XMPP connector bans in its rooms. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class XmppHandleTest {

    @Test
    void aBareJidIsAnXmppHandleWhateverItsCase() {
        assertThat(IdentityHandle.kinds()).contains("xmpp");
        assertThat(IdentityHandle.parse("XMPP: Mallory@Example.ORG ")).isEqualTo(IdentityHandle.parse("xmpp:mallory@example.org"));
        assertThat(IdentityHandle.parse("xmpp:mallory@example.org").value()).isEqualTo("mallory@example.org");
    }

    @Test
    void aFullJidADomainOrAnAddressWithForbiddenCharactersIsRefused() {
        assertThatThrownBy(() -> IdentityHandle.parse("xmpp:mallory@example.org/phone")).hasMessageContaining("not a well-formed xmpp handle");
        assertThatThrownBy(() -> IdentityHandle.parse("xmpp:example.org")).hasMessageContaining("not a well-formed xmpp handle");
        assertThatThrownBy(() -> IdentityHandle.parse("xmpp:mal lory@example.org")).hasMessageContaining("not a well-formed xmpp handle");
        assertThatThrownBy(() -> IdentityHandle.parse("xmpp:<m>@example.org")).hasMessageContaining("not a well-formed xmpp handle");
    }
}
