package org.ombuds.sanctions;

import org.ombuds.cases.Committee;

/**
 * Approvals a decision needs: its action's rule (a fixed number, a simple majority or two thirds) counted over the
 * case's committee, and never fewer than the action's floor (bans: two), so that no single member acts as the
 * committee. A committee that was one person when the case opened decides alone, on that person's approval.
 */
final class Quorum {
    static final String DEFAULT_RULE = "majority";

    private Quorum() {
    }

    static int required(String rule, int floor, Committee committee) {
        if (committee.decidesAlone()) return 1;
        int members = committee.members().size();
        int byRule = switch (rule == null ? DEFAULT_RULE : rule) {
            case "majority" -> members / 2 + 1;
            case "two-thirds" -> (2 * members + 2) / 3;
            default -> Integer.parseInt(rule);
        };
        return Math.max(Math.max(byRule, floor), 1);
    }

    /**
     * Whether the objections already cast leave too few members to approve. A decision that needs more approvals than
     * the committee has members can never pass; it waits, and the page says why, rather than being rejected unheard.
     */
    static boolean outvoted(int needed, long objections, Committee committee) {
        int members = committee.members().size();
        return needed <= members && members - objections < needed;
    }

    static void check(String rule) {
        if (org.ombuds.coc.ActionDeclaration.isQuorumRule(rule)) return;
        throw new IllegalArgumentException("a quorum is a number of at least 1, 'majority' or 'two-thirds', not '" + rule + "'");
    }
}
