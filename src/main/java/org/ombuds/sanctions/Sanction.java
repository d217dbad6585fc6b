package org.ombuds.sanctions;

import java.time.Instant;
import java.util.List;

/** A sanction on a person: {@code status} in-effect, ended, lifted or overturned; {@code until} empty = no end. */
public record Sanction(String id, String decisionId, String caseId, String personId, String action, List<String> spaces,
                       Instant startsAt, Instant until, String status, Instant endedAt) {
}
