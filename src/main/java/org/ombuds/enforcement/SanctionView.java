package org.ombuds.enforcement;

import java.time.Instant;

import org.ombuds.sanctions.SanctionRecorded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Enforcement's own view of the sanctions, the table {@code enforcement_sanction}: the sanction table is the sanctions
 * module's, so the ban index, the check-in list, the outbox's worker and the pages read this instead. Each sanction is
 * stored as the sanctions module last announced it ({@link SanctionRecorded}, which carries the whole row), in the very
 * transaction that changed it: a ban check after the commit sees it, and a rollback takes both back. Storing the whole
 * state as it comes (never a difference) makes the view converge: whatever it held, it ends up as the sanction table
 * is, which is also how migration V24 filled it from the sanctions recorded before.
 */
@Component
class SanctionView {
    private final JdbcClient jdbc;
    private final MarkingPairs marking;

    SanctionView(JdbcClient jdbc, MarkingPairs marking) {
        this.jdbc = jdbc;
        this.marking = marking;
    }

    @EventListener
    void recorded(SanctionRecorded sanction) {
        jdbc.sql("""
                        INSERT INTO enforcement_sanction (sanction_id, case_id, person_id, action, kind, spaces, starts_at, ends_at, status, ended_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (sanction_id) DO UPDATE SET case_id = excluded.case_id, person_id = excluded.person_id,
                            action = excluded.action, kind = excluded.kind, spaces = excluded.spaces, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                            status = excluded.status, ended_at = excluded.ended_at""")
                .params(sanction.sanctionId(), sanction.caseId(), sanction.personId(), sanction.action(), sanction.kind(), String.join(",", sanction.spaceIds()),
                        sanction.startsAt().toEpochMilli(), millis(sanction.until()), sanction.status(), millis(sanction.endedAt()))
                .update();
        // Whatever changed (decided, ended, lifted, overturned), the spaces it covers are looked at again.
        if ("timed-ban".equals(sanction.kind()) || "ban".equals(sanction.kind())) marking.mark(sanction.personId(), sanction.spaceIds());
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
