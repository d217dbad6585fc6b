package org.ombuds.cases;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.audit.AuditLog;
import org.ombuds.community.People;
import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.Claim;
import org.ombuds.intake.Intake;
import org.ombuds.intake.ReportReceived;
import org.ombuds.platform.Ids;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opening a case: every report joins the open case about the same person or opens a new one, in the report's own
 * transaction; a split opens one too ({@link MergingAndSplitting}).
 */
@Service
@EnableConfigurationProperties(CaseSettings.class)
class OpeningCases {
    private final JdbcClient jdbc;
    private final Intake intake;
    private final People people;
    private final DataKeys keys;
    private final AuditLog audit;
    private final CaseSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CaseRecords records;
    private final Timeline timeline;
    private final CaseCommittee committee;
    private final StaffIdentities staff;
    private final Recusals recusals;

    OpeningCases(JdbcClient jdbc, Intake intake, People people, DataKeys keys, AuditLog audit, CaseSettings settings,
                 ApplicationEventPublisher events, Clock clock, CaseRecords records, Timeline timeline, CaseCommittee committee,
                 StaffIdentities staff, Recusals recusals) {
        this.jdbc = jdbc;
        this.intake = intake;
        this.people = people;
        this.keys = keys;
        this.audit = audit;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.records = records;
        this.timeline = timeline;
        this.committee = committee;
        this.staff = staff;
        this.recusals = recusals;
    }

    /**
     * In the report's own transaction: the report joins the open case about the same person, or opens a new one,
     * so that no committed report is ever without a case. What the report names are claims: they find the case to
     * join (a confirmed subject known by a claimed handle, or another report naming the same handle) but make nobody a
     * party. A report that names a committee member opens a case of its own, kept from that member until an admin
     * decides: a report can keep its own case from someone, never a case that was there before it.
     */
    @EventListener
    @Transactional
    public void reportReceived(ReportReceived report) {
        Set<String> named = staff.namedBy(report.claims().stream().map(Claim::fingerprint).toList());
        Optional<String> joined = named.isEmpty() ? openCaseNaming(report) : Optional.empty();
        String caseId = joined.orElseGet(() -> open(report.communityId(), null, null));
        jdbc.sql("INSERT INTO case_report (report_id, case_id, added_at) VALUES (?, ?, ?)").params(report.reportId(), caseId, clock.millis()).update();
        if (!named.isEmpty()) recusals.keepNamedMembersFrom(caseId, named);
        audit.record("create", "report", report.reportId(), caseId);
        if (joined.isPresent()) {
            timeline.record(caseId, null, CaseEvent.Kind.REPORT_JOINED, report.reportId());
            events.publishEvent(new CaseActivity(caseId, CaseActivity.Kind.REPORT_JOINED));
        } else {
            events.publishEvent(new CaseActivity(caseId, CaseActivity.Kind.OPENED));
        }
    }

    /** The oldest open case of the community whose confirmed subject, or one of whose reports, has a handle this report names. */
    private Optional<String> openCaseNaming(ReportReceived report) {
        List<String> claimed = report.claims().stream().filter(claim -> claim.role().equals(Claim.SUBJECT)).map(Claim::fingerprint).toList();
        if (claimed.isEmpty()) return Optional.empty();
        Set<String> persons = new LinkedHashSet<>();
        people.ownersOf(claimed).forEach(owner -> persons.addAll(people.sameAs(owner)));
        List<String> reports = intake.claiming(Claim.SUBJECT, claimed).stream().filter(id -> !id.equals(report.reportId())).toList();
        if (persons.isEmpty() && reports.isEmpty()) return Optional.empty();
        return jdbc.sql("""
                        SELECT c.id FROM case_file c
                        WHERE c.community_id = :community AND c.next_due IS NOT NULL AND c.merged_into IS NULL
                          AND (EXISTS (SELECT 1 FROM case_party p WHERE p.case_id = c.id AND p.role = 'subject' AND p.person_id IN (:persons))
                               OR EXISTS (SELECT 1 FROM case_report r WHERE r.case_id = c.id AND r.report_id IN (:reports)))
                        ORDER BY c.opened_at LIMIT 1""")
                .param("community", report.communityId())
                .param("persons", persons.isEmpty() ? List.of("-") : List.copyOf(persons))
                .param("reports", reports.isEmpty() ? List.of("-") : reports)
                .query(String.class).optional();
    }

    /** A new case; split off {@code splitFrom}, it keeps the committee that case opened with. */
    String open(String communityId, String actor, String splitFrom) {
        String id = Ids.newId();
        long now = clock.millis();
        String key = keys.create();
        long acknowledgeBy = now + settings.acknowledgeWithin().toMillis();
        jdbc.sql("""
                        INSERT INTO case_file (id, community_id, code_name, status, severity, data_key_id, opened_at, acknowledge_by,
                            decide_by, next_due, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, communityId, records.freeCodeName(), CaseStatus.NEW.id(), Severity.UNASSESSED.id(), key, now, acknowledgeBy,
                        now + settings.decideWithin().toMillis(), acknowledgeBy, now)
                .update();
        if (splitFrom == null) committee.fixAtOpening(id);
        else committee.copy(splitFrom, id);
        timeline.record(id, actor, CaseEvent.Kind.OPENED, null);
        audit.record("create", "case", id, id);
        return id;
    }
}
