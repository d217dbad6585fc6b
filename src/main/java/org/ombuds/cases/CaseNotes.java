package org.ombuds.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.ombuds.audit.AuditLog;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writing private notes on a case (case_note): sealed with the case's key, only their writing is on the timeline. */
@Service
public class CaseNotes {
    static final String NOTE_CONTEXT = "case_note.sealed_body";
    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final DataKeys keys;
    private final AuditLog audit;
    private final Timeline timeline;
    private final CaseRecords records;
    private final Clock clock;

    CaseNotes(JdbcClient jdbc, CaseAccess access, DataKeys keys, AuditLog audit, Timeline timeline, CaseRecords records, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.keys = keys;
        this.audit = audit;
        this.timeline = timeline;
        this.records = records;
        this.clock = clock;
    }

    @Transactional
    public String addNote(Viewer viewer, String caseId, String body) {
        CaseRow row = access.require(viewer, caseId, CaseAction.NOTE);
        String id = insert(row, viewer.accountId(), CaseRecords.text("body", body));
        timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.NOTE, id);
        audit.record("create", "note", id, caseId);
        return id;
    }

    /** Stores a note, sealed; the caller checked the writer and records the act. */
    String insert(CaseRow row, String authorAccountId, String text) {
        String id = Ids.newId();
        jdbc.sql("INSERT INTO case_note (id, case_id, author_account_id, written_at, sealed_body) VALUES (?, ?, ?, ?, ?)")
                .params(id, row.id(), authorAccountId, clock.millis(), keys.seal(row.dataKeyId(), text, NOTE_CONTEXT + ":" + row.id())).update();
        return id;
    }

    /** The case's notes, opened (callers checked that the reader may see the case, and record each read). */
    List<CaseDetail.Note> of(CaseRow row) {
        return jdbc.sql("SELECT id, author_account_id, written_at, sealed_body FROM case_note WHERE case_id = ? ORDER BY written_at, id")
                .param(row.id())
                .query((r, n) -> new CaseDetail.Note(r.getString("id"), records.accountName(r.getString("author_account_id")),
                        Instant.ofEpochMilli(r.getLong("written_at")),
                        keys.open(row.dataKeyId(), r.getString("sealed_body"), NOTE_CONTEXT + ":" + row.id())))
                .list();
    }
}
