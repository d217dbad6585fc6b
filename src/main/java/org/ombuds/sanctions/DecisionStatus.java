package org.ombuds.sanctions;

/**
 * Where a decision stands, as stored and as the API shows it ({@link #word()}): {@code awaiting-approval} until its
 * quorum approves it, then {@code in-effect}; it ends {@code rejected}, {@code superseded} (by a later decision),
 * {@code lapsed} (an interim measure nobody ratified in time) or {@code overturned} (on appeal).
 */
public enum DecisionStatus {
    AWAITING_APPROVAL("awaiting-approval"),
    IN_EFFECT("in-effect"),
    REJECTED("rejected"),
    SUPERSEDED("superseded"),
    LAPSED("lapsed"),
    OVERTURNED("overturned");

    private final String word;

    DecisionStatus(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** Whether a stored or shown status is this one. */
    public boolean is(String status) {
        return word.equals(status);
    }
}
