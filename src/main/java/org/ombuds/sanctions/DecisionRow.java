package org.ombuds.sanctions;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.ombuds.coc.ActionKind;

/**
 * A row of the decision table. Open = still taking votes: awaiting approval, or an interim measure not yet ratified.
 * {@code storedKind} is null only on a decision on a Code's own action from before kinds were recorded.
 */
record DecisionRow(String id, String caseId, String action, String clauses, int codeVersion, String codeSha256, String dataKeyId,
                   String sealedReasoning, String spaces, Long durationMs, Long endsAt, boolean interim, Long ratifyBy,
                   String supersedes, String suggestedAction, String sealedConditions, String sealedReporterMessage, String sealedSubjectMessage, String proposedBy, long proposedAt, String status,
                   Long inForceAt, String onAppeal, boolean imported, ActionKind storedKind, String quorum) {

    boolean open() {
        return DecisionStatus.AWAITING_APPROVAL.is(status) || (DecisionStatus.IN_EFFECT.is(status) && interim && ratifyBy != null);
    }

    /** What the action does; a decision from before kinds were recorded on a Code's own action counts as advisory (never a ban). */
    ActionKind kind() {
        return storedKind != null ? storedKind : ActionKind.ofDefaultAction(action).orElse(ActionKind.ADVISORY);
    }

    static DecisionRow map(ResultSet row, int n) throws SQLException {
        return new DecisionRow(row.getString("id"), row.getString("case_id"), row.getString("action"), row.getString("clauses"),
                row.getInt("coc_version"), row.getString("coc_sha256"), row.getString("data_key_id"), row.getString("sealed_reasoning"),
                row.getString("spaces"), nullableLong(row, "duration_ms"), nullableLong(row, "ends_at"), row.getBoolean("interim"),
                nullableLong(row, "ratify_by"), row.getString("supersedes"), row.getString("suggested_action"),
                row.getString("sealed_conditions"), row.getString("sealed_reporter_message"),
                row.getString("sealed_subject_message"), row.getString("proposed_by"), row.getLong("proposed_at"),
                row.getString("status"), nullableLong(row, "in_force_at"), row.getString("on_appeal"), row.getBoolean("imported"),
                ActionKind.parse(row.getString("kind")).orElse(null), row.getString("quorum"));
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
