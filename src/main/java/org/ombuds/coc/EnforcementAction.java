package org.ombuds.coc;

/**
 * A rung of the Code's ladder ("Reporting and Enforcement"), from the mildest (rank 1) up. {@code kind} says what it
 * does (null only in a version published before kinds were recorded, whose action is none of the default Code's);
 * {@code quorum} is the approvals it needs as the Code declared them (null: the settings or the kind's default).
 */
public record EnforcementAction(String id, String name, String description, int rank, ActionKind kind, String quorum) {

    public EnforcementAction(String id, String name, String description, int rank) {
        this(id, name, description, rank, ActionKind.ofDefaultAction(id).orElse(null), null);
    }

    EnforcementAction declared(ActionKind kind, String quorum) {
        return new EnforcementAction(id, name, description, rank, kind, quorum);
    }
}
