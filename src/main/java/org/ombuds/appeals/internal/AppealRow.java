package org.ombuds.appeals.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A row of the appeal table. */
public record AppealRow(String id, String linkId, String decisionId, String caseId, String dataKeyId, String sealedStatement, String sealedEvidence,
                        String status, String reviewerId, String outcome, String sealedReasoning, String newDecisionId, long filedAt, Long decidedAt) {

    static AppealRow map(ResultSet row, int n) throws SQLException {
        long decided = row.getLong("decided_at");
        Long decidedAt = row.wasNull() ? null : decided;
        return new AppealRow(row.getString("id"), row.getString("link_id"), row.getString("decision_id"), row.getString("case_id"),
                row.getString("data_key_id"), row.getString("sealed_statement"), row.getString("sealed_evidence"), row.getString("status"),
                row.getString("reviewer_id"), row.getString("outcome"), row.getString("sealed_reasoning"), row.getString("new_decision_id"),
                row.getLong("filed_at"), decidedAt);
    }
}
