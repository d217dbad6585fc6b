package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.cases.Committee;

/** The quorum as a rule: its action's rule over the case's committee, never below the floor, one person alone only at opening. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class QuorumTest {
    private static Committee committee(int members, int atOpening) {
        List<String> ids = IntStream.range(0, members).mapToObj(i -> "m" + i).toList();
        return new Committee(ids, ids, atOpening);
    }

    @Test
    void aBanNeverTakesFewerApprovalsThanItsFloorHoweverSmallTheCommitteeBecame() {
        DecisionSettings settings = new DecisionSettings(null, null, null, null);
        assertThat(Quorum.required(settings.rule("permanent-ban"), settings.minimum("permanent-ban"), committee(1, 5))).isEqualTo(2);
        assertThat(Quorum.required(settings.rule("temporary-ban"), settings.minimum("temporary-ban"), committee(2, 5))).isEqualTo(2);
        assertThat(Quorum.required(settings.rule("temporary-ban"), settings.minimum("temporary-ban"), committee(5, 5))).isEqualTo(3);
        assertThat(Quorum.required(settings.rule("permanent-ban"), settings.minimum("permanent-ban"), committee(6, 6))).isEqualTo(4);
        assertThat(Quorum.required(settings.rule("correction"), settings.minimum("correction"), committee(1, 5))).isEqualTo(1);
    }

    @Test
    void onlyACommitteeOfOneAtOpeningDecidesAlone() {
        assertThat(committee(1, 1).decidesAlone()).isTrue();
        assertThat(Quorum.required("two-thirds", 2, committee(1, 1))).isEqualTo(1);
        assertThat(committee(1, 2).decidesAlone()).isFalse();
        assertThat(Quorum.required("two-thirds", 2, committee(1, 2))).isEqualTo(2);
    }

    @Test
    void objectionsRejectADecisionOnlyWhenTooFewMembersAreLeftToApproveIt() {
        assertThat(Quorum.outvoted(3, 2, committee(4, 4))).isTrue();
        assertThat(Quorum.outvoted(3, 1, committee(4, 4))).isFalse();
        // Out of the committee's reach, a decision waits (the page says why) rather than being rejected unheard.
        assertThat(Quorum.outvoted(2, 0, committee(1, 3))).isFalse();
        assertThat(Quorum.outvoted(2, 1, committee(1, 3))).isFalse();
    }

    @Test
    void theFloorIsConfigurableAndAnActionTheSettingsDoNotNameNeedsAMajority() {
        DecisionSettings settings = new DecisionSettings(Map.of(), Map.of("temporary-ban", 3), null, null);
        assertThat(settings.minimum("temporary-ban")).isEqualTo(3);
        assertThat(settings.minimum("permanent-ban")).isEqualTo(2);
        assertThat(settings.rule("mediation")).isEqualTo("majority");
        assertThat(Quorum.required(settings.rule("mediation"), settings.minimum("mediation"), committee(4, 4))).isEqualTo(3);
        assertThatThrownBy(() -> new DecisionSettings(null, Map.of("permanent-ban", 0), null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
