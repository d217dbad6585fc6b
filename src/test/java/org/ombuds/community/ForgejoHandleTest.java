package org.ombuds.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The forgejo handle kind (Forgejo and Gitea usernames: letters, digits, '-', '_', '.', at most 40). */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class ForgejoHandleTest {

    @Test
    void aForgejoUsernameIsKeptInLowerCase() {
        assertThat(IdentityHandle.parse("Forgejo:Ada.Lovelace_1-x").toString()).isEqualTo("forgejo:ada.lovelace_1-x");
        assertThat(IdentityHandle.parse("forgejo:" + "a".repeat(40)).value()).hasSize(40);
        assertThat(IdentityHandle.kinds()).contains("forgejo");
    }

    @Test
    void whatNoForgejoUsernameCouldBeIsRefused() {
        assertThatThrownBy(() -> IdentityHandle.parse("forgejo:" + "a".repeat(41))).hasMessageContaining("not a well-formed forgejo handle");
        assertThatThrownBy(() -> IdentityHandle.parse("forgejo:ada@example.org")).hasMessageContaining("not a well-formed forgejo handle");
        assertThatThrownBy(() -> IdentityHandle.parse("forgejo:ada lovelace")).hasMessageContaining("not a well-formed forgejo handle");
        assertThatThrownBy(() -> IdentityHandle.parse("forgejo:")).hasMessageContaining("not a well-formed forgejo handle");
    }
}
