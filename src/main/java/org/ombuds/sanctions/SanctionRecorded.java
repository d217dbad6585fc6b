package org.ombuds.sanctions;

import java.time.Instant;
import java.util.List;

/**
 * A sanction as it now stands on record: published in the transaction that records one (imported ones too, even one
 * that already ended) or changes its status, before {@link SanctionDecided}, {@link SanctionEnded} or
 * {@link SanctionLifted}. It carries the whole state, so a module that keeps its own view of the sanctions (enforcement
 * does) stores it as it comes and always ends up with what the sanction table holds. {@code kind}: the ladder kind
 * of its action ({@code coc.ActionKind} ids), null for a sanction recorded before kinds were. {@code until}, {@code endedAt}:
 * null for none.
 */
public record SanctionRecorded(String sanctionId, String caseId, String personId, String action, String kind, List<String> spaceIds, Instant startsAt,
                               Instant until, String status, Instant endedAt) {
}
