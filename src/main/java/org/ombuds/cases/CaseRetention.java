package org.ombuds.cases;

import static org.ombuds.platform.Rows.instant;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.audit.AuditLog;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The cases module's part in retention: legal holds (set and released by admins, with a reason), the cases whose
 * time may have come, and the purge of a case's own content (notes, letters, the people named, the hold reasons)
 * with its data key. What transparency counts need stays: dates, status, the code name.
 */
@Service
public class CaseRetention {
    static final String HOLD_CONTEXT = "case_legal_hold";
    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final DataKeys keys;
    private final AuditLog audit;
    private final Accounts accounts;
    private final Timeline timeline;
    private final Clock clock;

    CaseRetention(JdbcClient jdbc, CaseAccess access, DataKeys keys, AuditLog audit, Accounts accounts, Timeline timeline, Clock clock) {
        this.timeline = timeline;
        this.jdbc = jdbc;
        this.access = access;
        this.keys = keys;
        this.audit = audit;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Puts the case under legal hold (admins only; a recused admin gets 404): it is never purged while held. */
    @Transactional
    public void hold(Viewer viewer, String caseId, String reason) {
        CaseRow row = access.require(viewer, caseId, CaseAction.HOLD);
        String text = CaseRecords.text("reason", reason);
        if (purgedAt(caseId).isPresent()) throw new ConflictException("reason", "this case was purged; nothing is left to hold");
        if (underLegalHold(caseId)) throw new ConflictException("reason", "this case is under legal hold already");
        String id = Ids.newId();
        jdbc.sql("INSERT INTO case_legal_hold (id, case_id, sealed_reason, set_by, set_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, caseId, keys.seal(row.dataKeyId(), text, HOLD_CONTEXT + ":" + id), viewer.accountId(), clock.millis()).update();
        timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.LEGAL_HOLD_SET, null);
        audit.record("hold", "case", caseId, caseId);
    }

    /** Releases the legal hold (admins only), with the reason it may end; retention applies again from then on. */
    @Transactional
    public void release(Viewer viewer, String caseId, String reason) {
        CaseRow row = access.require(viewer, caseId, CaseAction.HOLD);
        String text = CaseRecords.text("reason", reason);
        String holdId = jdbc.sql("SELECT id FROM case_legal_hold WHERE case_id = ? AND released_at IS NULL").param(caseId)
                .query(String.class).optional()
                .orElseThrow(() -> new ConflictException("reason", "this case is not under legal hold"));
        jdbc.sql("UPDATE case_legal_hold SET sealed_release_reason = ?, released_by = ?, released_at = ? WHERE id = ?")
                .params(keys.seal(row.dataKeyId(), text, HOLD_CONTEXT + ":" + holdId + ":release"), viewer.accountId(), clock.millis(), holdId)
                .update();
        timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.LEGAL_HOLD_RELEASED, null);
        audit.record("release-hold", "case", caseId, caseId);
    }

    public boolean underLegalHold(String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM case_legal_hold WHERE case_id = ? AND released_at IS NULL").param(caseId)
                .query(Integer.class).single() > 0;
    }

    public Optional<Instant> purgedAt(String caseId) {
        return jdbc.sql("SELECT purged_at FROM case_file WHERE id = ? AND purged_at IS NOT NULL").param(caseId)
                .query(Long.class).optional().map(Instant::ofEpochMilli);
    }

    /** What the case page shows of retention (the hold's reason opened: callers checked that the viewer may read the case). */
    CaseDetail.Retention state(CaseRow row) {
        CaseDetail.LegalHold hold = jdbc.sql("SELECT id, sealed_reason, set_by, set_at FROM case_legal_hold WHERE case_id = ? AND released_at IS NULL")
                .param(row.id())
                .query((r, n) -> new CaseDetail.LegalHold(keys.open(row.dataKeyId(), r.getString("sealed_reason"), HOLD_CONTEXT + ":" + r.getString("id")),
                        accounts.byId(r.getString("set_by")).map(Account::name).orElse(r.getString("set_by")), Instant.ofEpochMilli(r.getLong("set_at"))))
                .optional().orElse(null);
        return new CaseDetail.Retention(purgedAt(row.id()).orElse(null), hold);
    }

    /** A case whose work is over, and when anything last happened to it. */
    public record Candidate(String caseId, Instant lastActivity) {
    }

    /**
     * The cases that are decided or closed, not purged and not held, with nothing done to them since {@code before}
     * (a legal hold is not work on the case: once released, the case's time is counted from its last real activity):
     * the ones retention may purge (the sanctions on them decide the rest). Oldest activity first.
     */
    public List<Candidate> inactiveSince(Instant before) {
        long cutoff = before.toEpochMilli();
        return jdbc.sql("""
                        SELECT c.id, c.updated_at,
                            (SELECT MAX(e.at) FROM case_event e WHERE e.case_id = c.id AND e.kind NOT IN (:holds)) AS last_event
                        FROM case_file c
                        WHERE c.purged_at IS NULL AND c.next_due IS NULL AND c.status IN ('decided', 'closed') AND c.updated_at < :cutoff
                          AND NOT EXISTS (SELECT 1 FROM case_legal_hold h WHERE h.case_id = c.id AND h.released_at IS NULL)
                        ORDER BY c.updated_at, c.id""")
                .param("cutoff", cutoff)
                .param("holds", List.of(CaseEvent.Kind.LEGAL_HOLD_SET.id(), CaseEvent.Kind.LEGAL_HOLD_RELEASED.id()))
                .query((r, n) -> new Candidate(r.getString("id"), Instant.ofEpochMilli(Math.max(r.getLong("updated_at"), r.getLong("last_event")))))
                .list().stream().filter(candidate -> candidate.lastActivity().toEpochMilli() < cutoff).toList();
    }

    /** What a purge of the case left for the other modules: its reports and the people it named. */
    public record Purged(List<String> reportIds, Set<String> personIds) {
    }

    /**
     * Deletes the case's own content (notes, letters, the people named, the hold reasons) and destroys its data key;
     * the case keeps its code name, dates and status, marked purged. A held case is refused. Audited, without content.
     */
    @Transactional
    public Purged purge(String caseId) {
        CaseRow row = jdbc.sql("SELECT * FROM case_file WHERE id = ?").param(caseId).query(CaseRow::map).single();
        if (underLegalHold(caseId)) throw new ConflictException("case", "this case is under legal hold and cannot be purged");
        List<String> reports = jdbc.sql("SELECT report_id FROM case_report WHERE case_id = ? ORDER BY report_id").param(caseId).query(String.class).list();
        Set<String> persons = Set.copyOf(jdbc.sql("SELECT DISTINCT person_id FROM case_party WHERE case_id = ?").param(caseId).query(String.class).list());
        if (purgedAt(caseId).isPresent()) return new Purged(reports, persons);
        jdbc.sql("DELETE FROM case_note WHERE case_id = ?").param(caseId).update();
        jdbc.sql("DELETE FROM case_letter WHERE case_id = ?").param(caseId).update();
        jdbc.sql("DELETE FROM case_party WHERE case_id = ?").param(caseId).update();
        jdbc.sql("UPDATE case_legal_hold SET sealed_reason = '', sealed_release_reason = NULL WHERE case_id = ?").param(caseId).update();
        timeline.purge(caseId);
        jdbc.sql("UPDATE case_recusal SET sealed_reason = NULL WHERE case_id = ?").param(caseId).update();
        keys.destroy(row.dataKeyId());
        jdbc.sql("UPDATE case_file SET purged_at = ? WHERE id = ?").params(clock.millis(), caseId).update();
        timeline.record(caseId, null, CaseEvent.Kind.PURGED, null);
        audit.recordAs("system", "purge", "case", caseId, caseId, "local");
        return new Purged(reports, persons);
    }

    /** Whether any case names one of these person records (as subject, reporter or witness); purged cases name nobody. */
    public boolean namesAnyOf(Collection<String> personIds) {
        if (personIds.isEmpty()) return false;
        return jdbc.sql("SELECT COUNT(*) FROM case_party WHERE person_id IN (:persons)").param("persons", List.copyOf(personIds))
                .query(Integer.class).single() > 0;
    }

    /** A case a person is party to, and as what (subject, reporter, witness). */
    public record PartyCase(String caseId, String codeName, String status, String role, Instant openedAt, Instant purgedAt,
                            boolean legalHold) {
    }

    public List<PartyCase> casesOf(Collection<String> personIds) {
        if (personIds.isEmpty()) return List.of();
        return jdbc.sql("""
                        SELECT DISTINCT c.id, c.code_name, c.status, p.role, c.opened_at, c.purged_at,
                            (SELECT COUNT(*) FROM case_legal_hold h WHERE h.case_id = c.id AND h.released_at IS NULL) AS held
                        FROM case_party p JOIN case_file c ON c.id = p.case_id
                        WHERE p.person_id IN (:persons) ORDER BY c.opened_at, c.id""")
                .param("persons", List.copyOf(personIds))
                .query((r, n) -> new PartyCase(r.getString("id"), CodeNames.display(r.getString("code_name")), r.getString("status"),
                        r.getString("role"), Instant.ofEpochMilli(r.getLong("opened_at")), instant(r, "purged_at"), r.getInt("held") > 0))
                .list();
    }

    /** Someone a case names, and as what (subject, reporter, witness). */
    public record Party(String personId, String role) {
    }

    public List<Party> partiesOf(String caseId) {
        return jdbc.sql("SELECT DISTINCT person_id, role FROM case_party WHERE case_id = ?").param(caseId)
                .query((r, n) -> new Party(r.getString(1), r.getString(2))).list();
    }

    /** A letter the committee sent to one of a person's addresses. */
    public record LetterSent(String caseId, String recipientRole, String subject, String body, Instant sentAt) {
    }

    /** The letters of a case that went to one of these addresses, opened (callers check that the reader may have them). */
    public List<LetterSent> lettersTo(String caseId, Collection<String> addresses) {
        Set<String> wanted = Set.copyOf(addresses.stream().map(address -> address.toLowerCase(Locale.ROOT)).toList());
        return jdbc.sql("SELECT l.*, c.data_key_id FROM case_letter l JOIN case_file c ON c.id = l.case_id WHERE l.case_id = ? ORDER BY l.sent_at, l.id")
                .param(caseId)
                .query((r, n) -> {
                    String context = CaseLetters.LETTER_CONTEXT + ":" + r.getString("id");
                    String key = r.getString("data_key_id");
                    String address = keys.open(key, r.getString("sealed_address"), context);
                    if (!wanted.contains(address.toLowerCase(Locale.ROOT))) return null;
                    return new LetterSent(caseId, r.getString("recipient_role"), keys.open(key, r.getString("sealed_subject"), context),
                            keys.open(key, r.getString("sealed_body"), context), Instant.ofEpochMilli(r.getLong("sent_at")));
                })
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    /** Whether this viewer may see the case (a recused admin may not act on data about its people either). */
    public boolean maySee(Viewer viewer, String caseId) {
        return access.canSee(viewer, caseId);
    }
}
