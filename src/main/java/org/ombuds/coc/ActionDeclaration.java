package org.ombuds.coc;

/**
 * What the publisher of a Code says about one of its actions that Ombuds cannot tell from its id: its kind
 * ({@code conditional}, see {@link ActionKind}) and, optionally, the approvals it needs ({@code quorum}: a number of
 * at least 1, {@code majority} or {@code two-thirds}). The default Code's actions need none.
 */
public record ActionDeclaration(String action, String kind, String quorum) {

    /**
     * Declarations written one per line, {@code action: kind} or {@code action: kind, quorum} (such as
     * {@code mediation: conditional, 2}), as the publishing page and the command line take them.
     */
    public static java.util.List<ActionDeclaration> parse(String text) {
        return Ladder.parse(text);
    }

    /** Whether {@code rule} is a quorum rule: a number of at least 1, {@code majority} or {@code two-thirds}. */
    public static boolean isQuorumRule(String rule) {
        if (rule == null) return false;
        if (rule.equals("majority") || rule.equals("two-thirds")) return true;
        try {
            return Integer.parseInt(rule) >= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
