package org.ombuds.sanctions;

/** A sanction was lifted before its end (superseded by a new decision, or overturned on appeal). */
public record SanctionLifted(String sanctionId, String personId, String reason) {
}
