package org.ombuds.cases;

import java.time.Clock;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.intake.Intake;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moving a case along: its status (the reporters' receipts follow), its severity, its handlers, and the decided status
 * a decision in effect gives it.
 */
@Service
public class HandlingCases {
    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final CaseRecords records;
    private final Intake intake;
    private final Accounts accounts;
    private final Timeline timeline;
    private final AuditLog audit;
    private final Clock clock;

    HandlingCases(JdbcClient jdbc, CaseAccess access, CaseRecords records, Intake intake, Accounts accounts, Timeline timeline,
                  AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.records = records;
        this.intake = intake;
        this.accounts = accounts;
        this.timeline = timeline;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public void changeStatus(Viewer viewer, String caseId, String statusId) {
        CaseStatus status = CaseStatus.fromId(statusId);
        CaseRow row = access.require(viewer, caseId, status == CaseStatus.DECIDED ? CaseAction.DECIDE : CaseAction.HANDLE);
        if (row.mergedInto() != null) {
            throw new ConflictException("status", "this case was merged into another; work on that one");
        }
        if (row.status() == status) return;
        long now = clock.millis();
        Long acknowledgedAt = row.acknowledgedAt() != null ? row.acknowledgedAt().toEpochMilli() : status == CaseStatus.NEW ? null : now;
        Long nextDue = !status.open() ? null : acknowledgedAt == null ? row.acknowledgeBy().toEpochMilli() : row.decideBy().toEpochMilli();
        jdbc.sql("UPDATE case_file SET status = ?, acknowledged_at = ?, next_due = ?, updated_at = ? WHERE id = ?")
                .params(status.id(), acknowledgedAt, nextDue, now, caseId).update();
        intake.setStatus(records.reportIds(caseId), status.reporterStatus());
        timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.STATUS, row.status().id() + " → " + status.id());
        audit.record("update", "case", caseId, caseId);
    }

    @Transactional
    public void setSeverity(Viewer viewer, String caseId, String severityId) {
        Severity severity = Severity.fromId(severityId);
        CaseRow row = access.require(viewer, caseId, CaseAction.HANDLE);
        if (row.severity() == severity) return;
        jdbc.sql("UPDATE case_file SET severity = ?, updated_at = ? WHERE id = ?").params(severity.id(), clock.millis(), caseId).update();
        timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.SEVERITY, row.severity().id() + " → " + severity.id());
        audit.record("update", "case", caseId, caseId);
    }

    /** Assigns a handler (or an appeal reviewer, who may then read the case). A lead replaces the previous lead. */
    @Transactional
    public void assign(Viewer viewer, String caseId, String email, boolean lead) {
        access.require(viewer, caseId, CaseAction.ASSIGN);
        Account account = accounts.requireByEmail(email);
        if (!account.active()) throw new ConflictException("email", "this account is disabled");
        if (account.role() == Role.APPEAL_REVIEWER && lead) {
            throw new InvalidInputException("lead", "an appeal reviewer cannot lead a case");
        }
        if (access.recused(account.id(), caseId)) {
            throw new ConflictException("email", "this person is recused from the case and cannot handle it");
        }
        if (lead) jdbc.sql("UPDATE case_assignee SET lead = ? WHERE case_id = ?").params(false, caseId).update();
        jdbc.sql("DELETE FROM case_assignee WHERE case_id = ? AND account_id = ?").params(caseId, account.id()).update();
        jdbc.sql("INSERT INTO case_assignee (case_id, account_id, lead, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)")
                .params(caseId, account.id(), lead, clock.millis(), viewer.accountId()).update();
        timeline.record(caseId, viewer.accountId(), lead ? CaseEvent.Kind.ASSIGNED_LEAD : CaseEvent.Kind.ASSIGNED, account.id());
        audit.record("assign", "case", caseId, caseId);
    }

    /** A decision on the case took effect: the case is decided and the timeline says so. */
    @Transactional
    public void decisionTookEffect(String caseId, String actorAccountId, String action) {
        CaseRow row = records.row(caseId);
        if (row.status() != CaseStatus.DECIDED) {
            jdbc.sql("UPDATE case_file SET status = ?, next_due = NULL, acknowledged_at = COALESCE(acknowledged_at, ?), updated_at = ? WHERE id = ?")
                    .params(CaseStatus.DECIDED.id(), clock.millis(), clock.millis(), caseId).update();
            intake.setStatus(records.reportIds(caseId), CaseStatus.DECIDED.reporterStatus());
        }
        timeline.record(caseId, actorAccountId, CaseEvent.Kind.DECISION_IN_EFFECT, action);
    }
}
