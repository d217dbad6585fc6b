package org.ombuds.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.audit.AuditLog;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Importing closed cases from the committee's records before Ombuds (their decisions follow through {@code Decisions.importPast}). */
@Service
public class ImportingClosedCases {
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final AuditLog audit;
    private final Clock clock;
    private final CaseRecords records;
    private final Timeline timeline;
    private final CaseCommittee committee;
    private final PartyRecords parties;
    private final CaseNotes notes;

    ImportingClosedCases(JdbcClient jdbc, DataKeys keys, AuditLog audit, Clock clock, CaseRecords records, Timeline timeline,
                         CaseCommittee committee, PartyRecords parties, CaseNotes notes) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.records = records;
        this.timeline = timeline;
        this.committee = committee;
        this.parties = parties;
        this.notes = notes;
    }

    /**
     * A case from the committee's records before Ombuds: its own reference (unique in the community), about one
     * person, opened and closed on the given days, with an optional note (sealed, like every note).
     */
    public record ClosedCase(String communityId, String reference, Instant openedAt, Instant closedAt, String subjectPersonId, String note) {
    }

    /** The references among these that an earlier import into the community already used. */
    public Set<String> importedReferences(String communityId, Collection<String> references) {
        if (references.isEmpty()) return Set.of();
        Set<String> taken = new LinkedHashSet<>();
        // In slices: a long file must not exceed the databases' limits on bound parameters.
        List<String> all = List.copyOf(references);
        for (int from = 0; from < all.size(); from += 500) {
            taken.addAll(jdbc.sql("SELECT import_reference FROM case_file WHERE community_id = :community AND import_reference IN (:references)")
                    .param("community", communityId).param("references", all.subList(from, Math.min(all.size(), from + 500)))
                    .query(String.class).list());
        }
        return taken;
    }

    /**
     * Records a closed case from the committee's earlier records: no report, the person as its subject, the note if
     * any, an "imported" event on its timeline, and one audit entry (without content).
     */
    @Transactional
    public String importClosed(ClosedCase imported, String importedBy) {
        String reference = imported.reference() == null ? "" : imported.reference().strip();
        if (reference.isEmpty()) throw new InvalidInputException("reference", "required");
        if (!importedReferences(imported.communityId(), List.of(reference)).isEmpty()) {
            throw new ConflictException("reference", "'" + Slugs.printable(reference) + "' was imported already");
        }
        String id = Ids.newId();
        String key = keys.create();
        long opened = imported.openedAt().toEpochMilli();
        long closed = imported.closedAt().toEpochMilli();
        jdbc.sql("""
                        INSERT INTO case_file (id, community_id, code_name, status, severity, data_key_id, opened_at, acknowledge_by, acknowledged_at,
                            decide_by, next_due, updated_at, import_reference)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)""")
                .params(id, imported.communityId(), records.freeCodeName(), CaseStatus.CLOSED.id(), Severity.UNASSESSED.id(), key, opened, opened,
                        opened, closed, clock.millis(), reference)
                .update();
        timeline.record(id, importedBy, CaseEvent.Kind.IMPORTED, reference);
        committee.fixAtOpening(id);
        CaseRow row = records.row(id);
        parties.insert(row, imported.subjectPersonId(), "subject", null, importedBy, "imported from the committee's records (" + reference + ")");
        if (imported.note() != null && !imported.note().isBlank()) {
            notes.insert(row, importedBy, CaseRecords.text("summary", imported.note()));
        }
        audit.record("import", "case", id, id);
        return id;
    }
}
