package org.ombuds.cases;

import static org.ombuds.platform.Rows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A row of case_file, as the module reads it. */
record CaseRow(String id, String communityId, String codeName, CaseStatus status, Severity severity, String dataKeyId,
               Instant openedAt, Instant acknowledgeBy, Instant acknowledgedAt, Instant decideBy, Instant nextDue,
               String mergedInto) {

    static CaseRow map(ResultSet row, int n) throws SQLException {
        return new CaseRow(row.getString("id"), row.getString("community_id"), row.getString("code_name"),
                CaseStatus.fromId(row.getString("status")), Severity.fromId(row.getString("severity")), row.getString("data_key_id"),
                instant(row, "opened_at"), instant(row, "acknowledge_by"), instant(row, "acknowledged_at"), instant(row, "decide_by"),
                instant(row, "next_due"), row.getString("merged_into"));
    }

}
