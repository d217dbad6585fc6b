package org.ombuds.coc;

/** A rung of the Code's ladder ("Reporting and Enforcement"), from the mildest (rank 1) up. */
public record EnforcementAction(String id, String name, String description, int rank) {
}
