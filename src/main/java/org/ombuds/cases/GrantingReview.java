package org.ombuds.cases;

import java.time.Clock;

import org.ombuds.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read access to a case for an appeal's reviewer (case_review_grant), for as long as the appeal is open; on the timeline. */
@Service
public class GrantingReview {
    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final AuditLog audit;
    private final Clock clock;

    GrantingReview(JdbcClient jdbc, Timeline timeline, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public void grantReview(String caseId, String accountId, String appealId) {
        // The same reviewer may come back to an appeal (reassigned, or reopened): their earlier grant is renewed.
        int renewed = jdbc.sql("UPDATE case_review_grant SET revoked_at = NULL, granted_at = ? WHERE case_id = ? AND account_id = ? AND appeal_id = ?")
                .params(clock.millis(), caseId, accountId, appealId).update();
        if (renewed == 0) {
            jdbc.sql("INSERT INTO case_review_grant (case_id, account_id, appeal_id, granted_at) VALUES (?, ?, ?, ?)")
                    .params(caseId, accountId, appealId, clock.millis()).update();
        }
        timeline.record(caseId, null, CaseEvent.Kind.APPEAL_REVIEW_GRANTED, accountId);
        audit.recordAs("system", "grant", "case", caseId, caseId, "local");
    }

    /** Ends an appeal's read access (the appeal was decided, or another reviewer took it over). */
    @Transactional
    public void revokeReview(String caseId, String appealId) {
        int revoked = jdbc.sql("UPDATE case_review_grant SET revoked_at = ? WHERE case_id = ? AND appeal_id = ? AND revoked_at IS NULL")
                .params(clock.millis(), caseId, appealId).update();
        if (revoked > 0) timeline.record(caseId, null, CaseEvent.Kind.APPEAL_REVIEW_ENDED, appealId);
    }
}
