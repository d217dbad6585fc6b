package org.ombuds.intake.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.community.People;
import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.Claim;
import org.ombuds.intake.Intake;
import org.ombuds.intake.ReportContent;
import org.ombuds.intake.ReportStatistic;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reading reports for the committee and for the modules that act on them: the facts, the content opened, the claims
 * about who is involved, and which reports name or were filed by someone. Callers check that the reader may see it.
 */
@Component
public class ReadingReports {
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final People people;
    private final ReportRecords records;
    private final JsonMapper json;

    ReadingReports(JdbcClient jdbc, DataKeys keys, People people, ReportRecords records, JsonMapper json) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.people = people;
        this.records = records;
        this.json = json;
    }

    public Intake.ReportFacts facts(String reportId) {
        return jdbc.sql("""
                        SELECT id, category, source, anonymous, witness, share_identity, space_id, occurred_at, received_at, status
                        FROM report WHERE id = ?""")
                .param(reportId)
                .query((row, n) -> {
                    long occurred = row.getLong("occurred_at");
                    Instant occurredAt = row.wasNull() ? null : Instant.ofEpochMilli(occurred);
                    return new Intake.ReportFacts(row.getString("id"), row.getString("category"), row.getString("source"),
                            row.getBoolean("anonymous"), row.getBoolean("witness"), row.getBoolean("share_identity"),
                            row.getString("space_id"), occurredAt, Instant.ofEpochMilli(row.getLong("received_at")), row.getString("status"));
                })
                .optional().orElseThrow(() -> new NotFoundException("there is no report " + reportId));
    }

    /** The report's content, opened (empty once purged). */
    public ReportContent content(String reportId) {
        ReportRecords.Report report = records.report(reportId);
        if (records.purged(reportId)) return new ReportContent(null, null, null, null, List.of(), null, null, null);
        String sealed = jdbc.sql("SELECT sealed_content FROM report WHERE id = ?").param(reportId).query(String.class).single();
        return json.readValue(keys.open(report.key(), sealed, ReportRecords.CONTENT + ":" + reportId), ReportContent.class);
    }

    /** The claims a report makes about who is involved (for the committee to match and confirm). */
    public List<Claim> claimsOf(String reportId) {
        return jdbc.sql("SELECT role, kind, fingerprint FROM report_claim WHERE report_id = ? ORDER BY role, kind, fingerprint").param(reportId)
                .query((row, n) -> new Claim(row.getString(1), row.getString(2), row.getString(3))).list();
    }

    /** The reports that claim any of these fingerprints in this role, oldest first. */
    public List<String> claiming(String role, Collection<String> fingerprints) {
        if (fingerprints.isEmpty()) return List.of();
        List<String> reports = new ArrayList<>();
        List<String> all = List.copyOf(new LinkedHashSet<>(fingerprints));
        // In slices: an IN list of thousands is more than some drivers bind.
        for (int from = 0; from < all.size(); from += 500) {
            reports.addAll(jdbc.sql("""
                            SELECT DISTINCT r.id, r.received_at FROM report r JOIN report_claim c ON c.report_id = r.id
                            WHERE c.role = :role AND c.fingerprint IN (:fingerprints) ORDER BY r.received_at, r.id""")
                    .param("role", role).param("fingerprints", all.subList(from, Math.min(all.size(), from + 500)))
                    .query((row, n) -> row.getString(1)).list());
        }
        return reports.stream().distinct().toList();
    }

    /**
     * The reports these person records filed under their own name (not anonymously), oldest first: those whose
     * reporter's address is one of theirs, and those linked to them before reports kept claims.
     */
    public List<String> filedBy(Collection<String> personIds) {
        if (personIds.isEmpty()) return List.of();
        return jdbc.sql("""
                        SELECT id FROM report WHERE anonymous = :anonymous AND (reporter_person_id IN (:persons) OR id IN (
                            SELECT report_id FROM report_claim WHERE role IN ('reporter', 'witness') AND fingerprint IN (:fingerprints)))
                        ORDER BY received_at, id""")
                .param("persons", List.copyOf(personIds)).param("anonymous", false).param("fingerprints", fingerprintsOf(personIds))
                .query(String.class).list();
    }

    /** The reports that name these person records by one of their handles (or were linked to them before claims), oldest first. */
    public List<String> about(Collection<String> personIds) {
        if (personIds.isEmpty()) return List.of();
        return jdbc.sql("""
                        SELECT id FROM report WHERE reported_person_id IN (:persons) OR id IN (
                            SELECT report_id FROM report_claim WHERE role = 'subject' AND fingerprint IN (:fingerprints))
                        ORDER BY received_at, id""")
                .param("persons", List.copyOf(personIds)).param("fingerprints", fingerprintsOf(personIds)).query(String.class).list();
    }

    private List<String> fingerprintsOf(Collection<String> personIds) {
        Set<String> all = new LinkedHashSet<>();
        people.fingerprintsOf(personIds).values().forEach(all::addAll);
        // An empty IN list is not valid SQL; "-" is no fingerprint.
        return all.isEmpty() ? List.of("-") : List.copyOf(all);
    }

    /** Reports received in [from, to): arrival and category only, for transparency reports. */
    public List<ReportStatistic> statistics(Instant from, Instant to) {
        return jdbc.sql("SELECT received_at, category FROM report WHERE received_at >= ? AND received_at < ?")
                .params(from.toEpochMilli(), to.toEpochMilli())
                .query((row, n) -> new ReportStatistic(Instant.ofEpochMilli(row.getLong(1)), row.getString(2))).list();
    }
}
