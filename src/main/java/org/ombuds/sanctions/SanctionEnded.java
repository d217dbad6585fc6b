package org.ombuds.sanctions;

/** A sanction reached its end (or an interim measure lapsed): enforcement lifts it. */
public record SanctionEnded(String sanctionId, String personId) {
}
