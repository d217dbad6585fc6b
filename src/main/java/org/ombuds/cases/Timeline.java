package org.ombuds.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Ids;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The case timeline (case_event): what happened, in words that hold no report content (ids, statuses, roles). The
 * reason an actor gave, when there is one, is sealed with the case's key, as notes are. Other modules tell it their
 * steps with {@link CaseStep} events; the module's own use cases write here directly.
 */
@Component
class Timeline {
    static final String REASON_CONTEXT = "case_event.sealed_reason";
    private static final Set<CaseEvent.Kind> NAMING_AN_ACCOUNT = EnumSet.of(CaseEvent.Kind.ASSIGNED, CaseEvent.Kind.ASSIGNED_LEAD,
            CaseEvent.Kind.RECUSED, CaseEvent.Kind.CONFLICT_DECLARED, CaseEvent.Kind.RECUSAL_LIFTED, CaseEvent.Kind.NAMED_IN_REPORT,
            CaseEvent.Kind.NAMED_STILL_SEES);
    private static final Set<CaseEvent.Kind> NAMING_A_PERSON = EnumSet.of(CaseEvent.Kind.SUBJECT_ADDED, CaseEvent.Kind.PARTY_CONFIRMED,
            CaseEvent.Kind.PARTY_REMOVED);
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final CaseRecords records;
    private final Clock clock;

    Timeline(JdbcClient jdbc, DataKeys keys, CaseRecords records, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.records = records;
        this.clock = clock;
    }

    /**
     * A step another module took, recorded in its own transaction (a plain listener runs inside the publisher's
     * transaction: the entry commits or rolls back with the change it describes, and nothing waits for after commit).
     */
    @EventListener
    public void stepTaken(CaseStep step) {
        record(step.caseId(), step.actorAccountId(), step.kind(), step.detail());
    }

    void record(String caseId, String actorAccountId, CaseEvent.Kind kind, String detail) {
        record(caseId, actorAccountId, kind, detail, null);
    }

    void record(String caseId, String actorAccountId, CaseEvent.Kind kind, String detail, String reason) {
        String id = Ids.newId();
        String sealed = null;
        if (reason != null) {
            String key = jdbc.sql("SELECT data_key_id FROM case_file WHERE id = ?").param(caseId).query(String.class).single();
            sealed = keys.seal(key, reason, REASON_CONTEXT + ":" + id);
        }
        jdbc.sql("INSERT INTO case_event (id, case_id, at, actor_account_id, kind, detail, sealed_reason) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, caseId, clock.millis(), actorAccountId, kind.id(), detail, sealed).update();
    }

    /**
     * What a purge leaves of the timeline: no entry names a person by id any more (it would link the case to them
     * still), and no reason is kept (they were sealed with the case's key, which the purge destroys).
     */
    void purge(String caseId) {
        jdbc.sql("UPDATE case_event SET detail = NULL WHERE case_id = :id AND kind IN (:kinds)").param("id", caseId)
                .param("kinds", NAMING_A_PERSON.stream().map(CaseEvent.Kind::id).toList()).update();
        jdbc.sql("UPDATE case_event SET sealed_reason = NULL WHERE case_id = ?").param(caseId).update();
    }

    /**
     * The case's timeline as the case page shows it: accounts and people by name, a note's id left out (the note is
     * listed with the notes), reasons opened unless the case was purged. Callers checked that the reader may see the case.
     */
    List<CaseDetail.Event> of(CaseRow row, boolean purged) {
        return jdbc.sql("SELECT id, at, actor_account_id, kind, detail, sealed_reason FROM case_event WHERE case_id = ? ORDER BY at, id").param(row.id())
                .query((r, n) -> {
                    String id = r.getString("kind");
                    // Every kind written is listed; an unlisted one (a bug) still shows rather than breaking the page.
                    CaseEvent.Kind kind = CaseEvent.Kind.fromId(id).orElse(null);
                    String detail = r.getString("detail");
                    if (NAMING_AN_ACCOUNT.contains(kind)) detail = records.accountName(detail);
                    if (NAMING_A_PERSON.contains(kind)) detail = detail == null ? null : String.join(", ", records.handlesOf(detail));
                    if (kind == CaseEvent.Kind.NOTE) detail = null;
                    String actor = r.getString("actor_account_id");
                    String sealed = r.getString("sealed_reason");
                    String reason = purged || sealed == null ? null : keys.open(row.dataKeyId(), sealed, REASON_CONTEXT + ":" + r.getString("id"));
                    return new CaseDetail.Event(Instant.ofEpochMilli(r.getLong("at")), records.accountName(actor), id, detail, reason);
                }).list();
    }
}
