package org.ombuds.sanctions;

import java.time.Instant;
import java.util.List;

import org.ombuds.coc.ActionKind;

/**
 * A sanction on a person: {@code status} a {@link SanctionStatus} word; {@code until} empty = no end; {@code kind}
 * what its action does (a ban keeps the person out of the spaces).
 */
public record Sanction(String id, String decisionId, String caseId, String personId, String action, List<String> spaces,
                       Instant startsAt, Instant until, String status, Instant endedAt, ActionKind kind) {
}
