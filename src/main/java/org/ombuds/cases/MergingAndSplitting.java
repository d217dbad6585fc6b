package org.ombuds.cases;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.audit.AuditLog;
import org.ombuds.intake.Intake;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merging two cases about the same events into one, and splitting reports out into a case of their own. Either way
 * the people, handlers and recusals go along (each party once: a person already on the case in that role stays one
 * party), and neither may leave a case without an admin ({@link CommitteeFloor}).
 */
@Service
public class MergingAndSplitting {
    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final CaseRecords records;
    private final OpeningCases opening;
    private final PartyRecords parties;
    private final Recusals recusals;
    private final CommitteeFloor floor;
    private final Intake intake;
    private final Timeline timeline;
    private final AuditLog audit;
    private final Clock clock;

    MergingAndSplitting(JdbcClient jdbc, CaseAccess access, CaseRecords records, OpeningCases opening, PartyRecords parties, Recusals recusals,
                        CommitteeFloor floor, Intake intake, Timeline timeline, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.records = records;
        this.opening = opening;
        this.parties = parties;
        this.recusals = recusals;
        this.floor = floor;
        this.intake = intake;
        this.timeline = timeline;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Merges another case into this one: its reports, people, handlers and recusals join; its notes and letters
     * stay on it (sealed with its own key) and it is closed with a pointer here. Cases of different communities are
     * not merged: each community's committee decides its own cases.
     */
    @Transactional
    public void merge(Viewer viewer, String intoId, String fromId) {
        CaseRow into = access.require(viewer, intoId, CaseAction.HANDLE);
        CaseRow from = access.require(viewer, fromId, CaseAction.HANDLE);
        if (into.id().equals(from.id())) throw new InvalidInputException("from", "a case cannot be merged into itself");
        if (into.mergedInto() != null || from.mergedInto() != null) {
            throw new ConflictException("from", "one of these cases was merged already");
        }
        if (!into.communityId().equals(from.communityId())) {
            throw new ConflictException("from", "these cases belong to different communities, and each community's committee decides its own"
                    + " cases: they cannot be merged");
        }
        List<String> moved = records.reportIds(fromId);
        // The other case's recusals and parties join this one; they must not leave it without an admin.
        floor.keepingAnAdmin(intoId, () -> {
            jdbc.sql("UPDATE case_report SET case_id = ? WHERE case_id = ?").params(intoId, fromId).update();
            copyPeopleAndRecusals(from, into, null);
        });
        jdbc.sql("UPDATE case_file SET status = ?, next_due = NULL, merged_into = ?, updated_at = ? WHERE id = ?")
                .params(CaseStatus.CLOSED.id(), intoId, clock.millis(), fromId).update();
        intake.setStatus(moved, into.status().reporterStatus());
        timeline.record(intoId, viewer.accountId(), CaseEvent.Kind.MERGED_FROM, from.codeName());
        timeline.record(fromId, viewer.accountId(), CaseEvent.Kind.MERGED_INTO, into.codeName());
        audit.record("merge", "case", fromId, intoId);
        audit.record("merge", "case", intoId, fromId);
    }

    /** Moves some reports out into a new case; the new case inherits the people, handlers and recusals. */
    @Transactional
    public String split(Viewer viewer, String caseId, Collection<String> reportIds) {
        CaseRow row = access.require(viewer, caseId, CaseAction.HANDLE);
        if (reportIds == null || reportIds.isEmpty()) throw new InvalidInputException("reports", "name the reports to move to a new case");
        Set<String> moving = new LinkedHashSet<>(reportIds);
        for (String reportId : moving) records.requireReportOf(caseId, reportId);
        if (moving.size() >= records.reportIds(caseId).size()) {
            throw new InvalidInputException("reports", "at least one report must stay in the case");
        }
        String newId = opening.open(row.communityId(), viewer.accountId(), row.id());
        jdbc.sql("UPDATE case_report SET case_id = :to WHERE report_id IN (:reports)").param("to", newId).param("reports", List.copyOf(moving)).update();
        // People stay on the original too: its notes may concern them, so recusal must keep holding there.
        CaseRow split = records.row(newId);
        copyPeopleAndRecusals(row, split, moving);
        timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.SPLIT_TO, split.codeName());
        timeline.record(newId, viewer.accountId(), CaseEvent.Kind.SPLIT_FROM, row.codeName());
        intake.setStatus(moving, CaseStatus.NEW.reporterStatus());
        audit.record("split", "case", newId, caseId);
        return newId;
    }

    private void copyPeopleAndRecusals(CaseRow from, CaseRow to, Set<String> onlyReports) {
        long now = clock.millis();
        parties.copy(from, to, onlyReports);
        recusals.copy(from, to);
        jdbc.sql("""
                        INSERT INTO case_assignee (case_id, account_id, lead, assigned_at, assigned_by)
                        SELECT :to, a.account_id, :notLead, :now, a.assigned_by FROM case_assignee a
                        WHERE a.case_id = :from AND NOT EXISTS (SELECT 1 FROM case_assignee x WHERE x.case_id = :to AND x.account_id = a.account_id)
                          AND NOT EXISTS (SELECT 1 FROM case_recusal r WHERE r.case_id = :to AND r.account_id = a.account_id)""")
                .param("to", to.id()).param("from", from.id()).param("now", now).param("notLead", false).update();
    }
}
