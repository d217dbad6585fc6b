package org.ombuds.transparency;

import static org.ombuds.platform.Rows.instant;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transparency reports. An admin drafts one for a period that has ended (its figures are counted once and stored),
 * another admin reviews it (when the instance has only one active admin, that admin reviews their own draft and
 * must say so in a note), and an admin publishes it: what is published is {@link Disclosure} applied to the stored
 * figures, also stored, so later purges or late reports never change it. One cadence: a period overlapping a
 * published one of another length is refused. Every step is in the audit log.
 */
@Service
public class Transparency {
    private static final String RECORD = "transparency-report";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_NOTE = 2000;

    private final JdbcClient jdbc;
    private final Counting counting;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    Transparency(JdbcClient jdbc, Counting counting, Accounts accounts, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.counting = counting;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- admins ----

    @Transactional
    public List<TransparencyReport> list(String adminId) {
        requireAdmin(adminId);
        audit.record("list", RECORD, null, null);
        return jdbc.sql("SELECT * FROM transparency_report ORDER BY period_start DESC, period_end, created_at DESC").query(this::map).list();
    }

    @Transactional
    public TransparencyReport get(String adminId, String id) {
        requireAdmin(adminId);
        TransparencyReport report = find(id);
        audit.record("read", RECORD, id, null);
        return report;
    }

    /** Counts the period's figures and stores them as a draft, replacing an earlier unpublished draft of the period. */
    @Transactional
    public TransparencyReport draft(String adminId, String periodText) {
        requireAdmin(adminId);
        Period period = Period.parse(periodText);
        if (period.end().isAfter(clock.instant())) {
            throw new ConflictException("period", "the period " + period + " has not ended yet; draft its report once it has",
                    "transparency.error.notEnded", period.toString());
        }
        requirePublishable(period);
        for (String earlier : jdbc.sql("SELECT id FROM transparency_report WHERE period = ? AND status <> ?")
                .params(period.toString(), TransparencyReport.PUBLISHED).query(String.class).list()) {
            jdbc.sql("DELETE FROM transparency_report WHERE id = ?").param(earlier).update();
            audit.record("delete", RECORD, earlier, null);
        }
        String id = Ids.newId();
        jdbc.sql("""
                        INSERT INTO transparency_report (id, period, period_start, period_end, status, figures, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, period.toString(), period.start().toEpochMilli(), period.end().toEpochMilli(), TransparencyReport.DRAFT,
                        JSON.writeValueAsString(counting.figures(period)), adminId, clock.millis())
                .update();
        audit.record("create", RECORD, id, null);
        return find(id);
    }

    /**
     * Marks a draft reviewed. Four eyes where there are four: with more than one active admin, the reviewer is not the
     * admin who drafted it. A lone admin reviews their own draft with a note (what they checked), kept with the report.
     */
    @Transactional
    public TransparencyReport review(String adminId, String id, String note) {
        requireAdmin(adminId);
        TransparencyReport report = find(id);
        if (!report.status().equals(TransparencyReport.DRAFT)) {
            throw new ConflictException("status", "this report is " + report.status() + ", not a draft", "transparency.error.notDraft");
        }
        String trimmed = note == null || note.isBlank() ? null : note.strip();
        if (trimmed != null && trimmed.length() > MAX_NOTE) {
            throw new InvalidInputException("note", "the note is longer than " + MAX_NOTE + " characters", "transparency.error.noteLength");
        }
        if (report.createdBy().equals(adminId)) {
            if (activeAdmins() > 1) {
                throw new ConflictException("reviewer", "another admin must review this draft: you drafted it", "transparency.error.sameReviewer");
            }
            if (trimmed == null) {
                throw new InvalidInputException("note", "as the only admin reviewing your own draft, say in a note what you checked",
                        "transparency.error.noteRequired");
            }
        }
        jdbc.sql("UPDATE transparency_report SET status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ? WHERE id = ?")
                .params(TransparencyReport.REVIEWED, adminId, clock.millis(), trimmed, id).update();
        audit.record("review", RECORD, id, null);
        return find(id);
    }

    /** Publishes a reviewed report: the suppressed figures of its stored snapshot. */
    @Transactional
    public TransparencyReport publish(String adminId, String id) {
        requireAdmin(adminId);
        TransparencyReport report = find(id);
        if (!report.status().equals(TransparencyReport.REVIEWED)) {
            throw new ConflictException("status", "only a reviewed report can be published; this one is " + report.status(),
                    "transparency.error.notReviewed");
        }
        requirePublishable(report.period());
        Map<String, Object> published = Disclosure.publish(report.period(), report.figures()).json();
        jdbc.sql("UPDATE transparency_report SET status = ?, published_by = ?, published_at = ?, publication = ? WHERE id = ?")
                .params(TransparencyReport.PUBLISHED, adminId, clock.millis(), JSON.writeValueAsString(published), id).update();
        audit.record("publish", RECORD, id, null);
        return find(id);
    }

    /** The true figures of recent quarters as they stand now, for the admins' dashboard (oldest first). */
    public List<Map.Entry<Period, Figures>> recentQuarters(String adminId, int quarters) {
        requireAdmin(adminId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Period current = new Period(today.getYear(), 3, (today.getMonthValue() - 1) / 3 + 1);
        List<Map.Entry<Period, Figures>> recent = new ArrayList<>();
        Period period = current;
        for (int i = 0; i < quarters; i++) {
            recent.add(0, Map.entry(period, counting.figures(period)));
            period = period.index() > 1 ? new Period(period.year(), 3, period.index() - 1) : new Period(period.year() - 1, 3, 4);
        }
        return recent;
    }

    // ---- anyone ----

    /** Every published report, oldest first: public figures, nothing else. */
    public List<Published> published() {
        return jdbc.sql("SELECT period, published_at, publication FROM transparency_report WHERE status = ? ORDER BY period_start")
                .param(TransparencyReport.PUBLISHED).query((row, n) -> new Published(publication(row.getString("publication")),
                        Instant.ofEpochMilli(row.getLong("published_at")))).list();
    }

    /** The published report of a period; 404 when there is none. */
    public Published published(Period period) {
        return jdbc.sql("SELECT period, published_at, publication FROM transparency_report WHERE status = ? AND period = ?")
                .params(TransparencyReport.PUBLISHED, period.toString())
                .query((row, n) -> new Published(publication(row.getString("publication")), Instant.ofEpochMilli(row.getLong("published_at"))))
                .optional().orElseThrow(() -> new NotFoundException("no transparency report is published for " + period));
    }

    /** A published report and when it was published. */
    public record Published(Publication publication, Instant publishedAt) {
        public Period period() {
            return publication.period();
        }
    }

    private void requirePublishable(Period period) {
        for (Published other : published()) {
            if (other.period().equals(period)) {
                throw new ConflictException("period", "the report for " + period + " is already published; published figures do not change",
                        "transparency.error.published", period.toString());
            }
            if (other.period().overlaps(period)) {
                throw new ConflictException("period", "the period " + period + " overlaps the published " + other.period()
                        + "; reports of different lengths over the same months would let their differences reveal small counts,"
                        + " so keep one cadence", "transparency.error.overlap", period.toString(), other.period().toString());
            }
        }
    }

    private long activeAdmins() {
        return accounts.all().stream().filter(account -> account.role() == Role.ADMIN && account.active()).count();
    }

    private void requireAdmin(String accountId) {
        Account account = accounts.require(accountId);
        if (account.role() != Role.ADMIN || !account.active()) throw new AccessDeniedException("only admins handle transparency reports");
    }

    private TransparencyReport find(String id) {
        return jdbc.sql("SELECT * FROM transparency_report WHERE id = ?").param(id).query(this::map).optional()
                .orElseThrow(() -> new NotFoundException("there is no transparency report " + org.ombuds.platform.Slugs.printable(String.valueOf(id))));
    }

    private TransparencyReport map(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        Period period = Period.parse(row.getString("period"));
        Figures figures = JSON.readValue(row.getString("figures"), Figures.class);
        String stored = row.getString("publication");
        Publication publication = stored != null ? publication(stored) : Disclosure.publish(period, figures);
        return new TransparencyReport(row.getString("id"), period, row.getString("status"), figures, publication, row.getString("created_by"),
                instant(row, "created_at"), row.getString("reviewed_by"), instant(row, "reviewed_at"), row.getString("review_note"),
                row.getString("published_by"), instant(row, "published_at"));
    }

    private static Publication publication(String json) {
        return Publication.fromJson(JSON.readValue(json, new TypeReference<Map<String, Object>>() { }));
    }

}
