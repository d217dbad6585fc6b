package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.cases.Committee;
import org.ombuds.coc.ActionKind;

/** Where an action's quorum comes from (the Code, the settings, its kind) and the verdict's reason, without a database. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class QuorumPolicyTest {
    private static Committee committee(int members) {
        List<String> ids = IntStream.range(0, members).mapToObj(i -> "m" + i).toList();
        return new Committee(ids, ids, members);
    }

    private final QuorumPolicy policy = new QuorumPolicy(new DecisionSettings(Map.of("mediation", "4"), null, null, null));

    @Test
    void theCodesRuleComesFirstThenTheSettingsThenTheKind() {
        assertThat(policy.needed(new Rung("mediation", ActionKind.CONDITIONAL, "2"), committee(5))).as("declared by the Code").isEqualTo(2);
        assertThat(policy.needed(new Rung("mediation", ActionKind.CONDITIONAL, null), committee(5))).as("set for its id").isEqualTo(4);
        assertThat(policy.needed(new Rung("apology", ActionKind.CONDITIONAL, null), committee(5))).as("its kind's").isEqualTo(2);
        assertThat(policy.needed(new Rung("expulsion", ActionKind.BAN, null), committee(5))).as("two thirds").isEqualTo(4);
    }

    @Test
    void aCodesOwnBanKeepsTheFloorOfTheDefaultBansHoweverSmallItsRule() {
        assertThat(policy.needed(new Rung("suspension", ActionKind.TIMED_BAN, "1"), committee(5))).isEqualTo(2);
        assertThat(policy.needed(new Rung("expulsion", ActionKind.BAN, "1"), committee(5))).isEqualTo(2);
        assertThat(policy.needed(new Rung("leadership", ActionKind.ROLE_REMOVAL, "1"), committee(5))).isEqualTo(1);
    }

    @Test
    void theVerdictSaysWhyOnlyCountingTheCommitteesVotes() {
        DecisionRow row = new DecisionRow("d", "c", "mediation", "harassment", 1, "sha", "k", "", "", null, null, false, null, null, null,
                null, null, null, "m0", 0, "awaiting-approval", null, null, false, ActionKind.CONDITIONAL, "2");
        var open = policy.judge(row, committee(5), List.of(new QuorumPolicy.Cast("m0", "approve"), new QuorumPolicy.Cast("outsider", "approve")));
        assertThat(open).isInstanceOf(QuorumPolicy.Open.class);
        assertThat(open.reason()).isEqualTo("1 of the 2 approvals needed so far");
        var carried = policy.judge(row, committee(5), List.of(new QuorumPolicy.Cast("m0", "approve"), new QuorumPolicy.Cast("m1", "approve")));
        assertThat(carried).isInstanceOf(QuorumPolicy.Carried.class);
        var outvoted = policy.judge(row, committee(2), List.of(new QuorumPolicy.Cast("m1", "object")));
        assertThat(outvoted).isInstanceOf(QuorumPolicy.Outvoted.class);
        assertThat(outvoted.reason()).contains("1 objections leave fewer than the 2 approvals needed");
    }
}
