package org.ombuds.cases;

import org.ombuds.audit.AuditLog;
import org.ombuds.intake.Intake;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writing to the reporter of one of the case's reports, through their receipt (and email, if they gave one). */
@Service
public class MessagingReporters {
    private final CaseAccess access;
    private final CaseRecords records;
    private final Intake intake;
    private final Timeline timeline;
    private final AuditLog audit;

    MessagingReporters(CaseAccess access, CaseRecords records, Intake intake, Timeline timeline, AuditLog audit) {
        this.access = access;
        this.records = records;
        this.intake = intake;
        this.timeline = timeline;
        this.audit = audit;
    }

    @Transactional
    public void messageReporter(Viewer viewer, String caseId, String reportId, String body) {
        access.require(viewer, caseId, CaseAction.HANDLE);
        records.requireReportOf(caseId, reportId);
        intake.messageReporter(reportId, viewer.accountId(), CaseRecords.text("body", body));
        timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.MESSAGE_TO_REPORTER, reportId);
        audit.record("create", "message", reportId, caseId);
    }
}
