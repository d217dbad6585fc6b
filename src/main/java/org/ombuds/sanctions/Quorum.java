package org.ombuds.sanctions;

/** Approvals needed out of the eligible committee: a fixed number, a simple majority or two thirds. */
final class Quorum {
    private Quorum() {
    }

    static int required(String rule, int committee) {
        return switch (rule) {
            case "majority" -> committee / 2 + 1;
            case "two-thirds" -> (2 * committee + 2) / 3;
            default -> Integer.parseInt(rule);
        };
    }

    static void check(String rule) {
        if (rule.equals("majority") || rule.equals("two-thirds")) return;
        try {
            if (Integer.parseInt(rule) >= 1) return;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a quorum is a number of at least 1, 'majority' or 'two-thirds', not '" + rule + "'");
    }
}
