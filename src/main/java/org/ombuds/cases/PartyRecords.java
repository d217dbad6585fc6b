package org.ombuds.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The case_party table: the people a case is about or heard from, each put there by a committee member (or an admin's
 * import) with a reason sealed with the case's key. Parties recorded before that rule carry no confirmation.
 */
@Component
class PartyRecords {
    static final String REASON_CONTEXT = "case_party.sealed_reason";
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final Clock clock;

    PartyRecords(JdbcClient jdbc, DataKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
    }

    /** A party as stored: {@code confirmedBy} is null for parties recorded before confirmations. */
    record Stored(String id, String personId, String role, String reportId, String confirmedBy, Instant addedAt, String reason) {
    }

    /**
     * Records the person as a party in this role, once: a person who is a party in that role already stays the one
     * party (a unique key says so too), now confirmed if they were recorded before confirmations. Returns the party's id.
     */
    String insert(CaseRow row, String personId, String role, String reportId, String confirmedBy, String reason) {
        var existing = jdbc.sql("SELECT id, confirmed_by FROM case_party WHERE case_id = ? AND person_id = ? AND role = ?")
                .params(row.id(), personId, role).query((r, n) -> new String[] {r.getString(1), r.getString(2)}).optional();
        if (existing.isPresent()) {
            String id = existing.get()[0];
            if (existing.get()[1] == null && confirmedBy != null) {
                jdbc.sql("UPDATE case_party SET confirmed_by = ?, sealed_reason = ? WHERE id = ?")
                        .params(confirmedBy, reason == null ? null : keys.seal(row.dataKeyId(), reason, REASON_CONTEXT + ":" + id), id).update();
            }
            return id;
        }
        String id = Ids.newId();
        jdbc.sql("""
                        INSERT INTO case_party (id, case_id, person_id, role, report_id, added_at, confirmed_by, sealed_reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, row.id(), personId, role, reportId, clock.millis(), confirmedBy,
                        reason == null ? null : keys.seal(row.dataKeyId(), reason, REASON_CONTEXT + ":" + id))
                .update();
        return id;
    }

    /** The case's parties with their reasons opened (callers checked that the reader may see the case). */
    List<Stored> of(CaseRow row) {
        return jdbc.sql("SELECT * FROM case_party WHERE case_id = ? ORDER BY added_at, id").param(row.id())
                .query((r, n) -> {
                    String sealed = r.getString("sealed_reason");
                    return new Stored(r.getString("id"), r.getString("person_id"), r.getString("role"), r.getString("report_id"),
                            r.getString("confirmed_by"), Instant.ofEpochMilli(r.getLong("added_at")),
                            sealed == null ? null : keys.open(row.dataKeyId(), sealed, REASON_CONTEXT + ":" + r.getString("id")));
                }).list();
    }

    /**
     * Copies parties to another case (a merge or a split), their reasons sealed again with that case's key; with
     * {@code onlyReports}, only those named by these reports or added by hand.
     */
    void copy(CaseRow from, CaseRow to, Set<String> onlyReports) {
        for (Stored party : of(from)) {
            if (onlyReports != null && party.reportId() != null && !onlyReports.contains(party.reportId())) continue;
            insert(to, party.personId(), party.role(), party.reportId(), party.confirmedBy(), party.reason());
        }
    }
}
