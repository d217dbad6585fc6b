package org.ombuds.sanctions;

/**
 * Where a sanction stands, as stored and shown ({@link #word()}): {@code in-effect}, then {@code ended} (it ran out),
 * {@code lifted} (its decision was superseded, rejected or modified) or {@code overturned} (on appeal).
 */
public enum SanctionStatus {
    IN_EFFECT("in-effect"),
    ENDED("ended"),
    LIFTED("lifted"),
    OVERTURNED("overturned");

    private final String word;

    SanctionStatus(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public boolean is(String status) {
        return word.equals(status);
    }
}
