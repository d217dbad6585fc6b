package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.ConflictException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sanctions module's part in retention and data-subject requests: whether a case's sanctions keep it (one in
 * effect always does), the purge of its decisions' sealed texts with their data keys, and what is held about a person.
 * Action, clauses, spaces, dates and status stay after a purge: transparency counts them.
 */
@Service
public class SanctionRetention {
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final Clock clock;

    SanctionRetention(JdbcClient jdbc, DataKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
    }

    /** A case's sanctions as retention sees them: how many, whether one is in effect, when the last one ended. */
    public record History(int sanctions, boolean inEffect, Instant lastEnded) {
    }

    public History historyOf(String caseId) {
        return jdbc.sql("""
                        SELECT COUNT(*) AS sanctions, SUM(CASE WHEN status = :inEffect THEN 1 ELSE 0 END) AS in_effect, MAX(ended_at) AS last_ended
                        FROM sanction WHERE case_id = :case""")
                .param("inEffect", SanctionStatus.IN_EFFECT.word()).param("case", caseId)
                .query((r, n) -> {
                    int count = r.getInt("sanctions");
                    int inEffect = r.getInt("in_effect");
                    long ended = r.getLong("last_ended");
                    return new History(count, inEffect > 0, r.wasNull() ? null : Instant.ofEpochMilli(ended));
                }).single();
    }

    /** Whether a sanction on any of these person records is in effect (then what enforces it must stay). */
    public boolean inEffectFor(Collection<String> personIds) {
        if (personIds.isEmpty()) return false;
        return jdbc.sql("SELECT COUNT(*) FROM sanction WHERE status = :inEffect AND person_id IN (:persons)")
                .param("inEffect", SanctionStatus.IN_EFFECT.word()).param("persons", List.copyOf(personIds)).query(Integer.class).single() > 0;
    }

    /** Whether a decision not yet purged names one of these person records (a no-contact order protecting them). */
    public boolean namesAnyOf(Collection<String> personIds) {
        if (personIds.isEmpty()) return false;
        return jdbc.sql("SELECT COUNT(*) FROM decision_no_contact WHERE person_id IN (:persons)").param("persons", List.copyOf(personIds))
                .query(Integer.class).single() > 0 || inEffectFor(personIds);
    }

    /**
     * Purges the decisions on a case: reasoning, conditions, the messages to reporter and subject and the votes'
     * comments are emptied, no-contact orders forgotten, each decision's data key destroyed. Refused while a sanction
     * of the case is in effect. Returns the people the no-contact orders named.
     */
    @Transactional
    public Set<String> purge(String caseId) {
        if (historyOf(caseId).inEffect()) throw new ConflictException("case", "a sanction of this case is in effect; it cannot be purged");
        Set<String> named = new LinkedHashSet<>(jdbc.sql("""
                        SELECT n.person_id FROM decision_no_contact n JOIN decision d ON d.id = n.decision_id WHERE d.case_id = ?""")
                .param(caseId).query(String.class).list());
        List<String[]> decisions = jdbc.sql("SELECT id, data_key_id FROM decision WHERE case_id = ? AND purged_at IS NULL").param(caseId)
                .query((r, n) -> new String[] {r.getString(1), r.getString(2)}).list();
        for (String[] decision : decisions) {
            jdbc.sql("DELETE FROM decision_no_contact WHERE decision_id = ?").param(decision[0]).update();
            jdbc.sql("UPDATE decision_vote SET sealed_comment = NULL WHERE decision_id = ?").param(decision[0]).update();
            jdbc.sql("""
                            UPDATE decision SET sealed_reasoning = '', sealed_conditions = NULL, sealed_reporter_message = NULL,
                                sealed_subject_message = NULL, purged_at = ? WHERE id = ?""")
                    .params(clock.millis(), decision[0]).update();
            keys.destroy(decision[1]);
        }
        return named;
    }

    /** A sanction on a person and the decision it rests on, opened, for a data-subject export. */
    public record SanctionAbout(String id, String caseId, String action, List<String> spaces, Instant startsAt, Instant until,
                                String status, Instant endedAt, DecisionAbout decision) {
    }

    /** What the decision said: its clauses and Code version, reasoning and conditions, and the words to the person. */
    public record DecisionAbout(String id, String action, List<String> clauses, int codeVersion, String reasoning, String conditions,
                                String toSubject, String status, Instant inEffectAt) {
    }

    /** The sanctions on these person records, oldest first, with their decisions opened. Callers check the reader. */
    public List<SanctionAbout> about(Collection<String> personIds) {
        if (personIds.isEmpty()) return List.of();
        return jdbc.sql("SELECT * FROM sanction WHERE person_id IN (:persons) ORDER BY starts_at, id").param("persons", List.copyOf(personIds))
                .query((r, n) -> {
                    long until = r.getLong("ends_at");
                    Instant untilAt = r.wasNull() ? null : Instant.ofEpochMilli(until);
                    long ended = r.getLong("ended_at");
                    Instant endedAt = r.wasNull() ? null : Instant.ofEpochMilli(ended);
                    String spaces = r.getString("spaces");
                    return new SanctionAbout(r.getString("id"), r.getString("case_id"), r.getString("action"),
                            spaces.isEmpty() ? List.of() : List.of(spaces.split(",")), Instant.ofEpochMilli(r.getLong("starts_at")), untilAt,
                            r.getString("status"), endedAt, decision(r.getString("decision_id")));
                }).list();
    }

    private DecisionAbout decision(String decisionId) {
        DecisionRow row = jdbc.sql("SELECT * FROM decision WHERE id = ?").param(decisionId).query(DecisionRow::map).single();
        return new DecisionAbout(row.id(), row.action(), List.of(row.clauses().split(",")), row.codeVersion(),
                open(row, row.sealedReasoning(), DecisionRecords.REASONING), open(row, row.sealedConditions(), DecisionRecords.CONDITIONS),
                open(row, row.sealedSubjectMessage(), DecisionRecords.SUBJECT_MESSAGE), row.status(),
                row.inForceAt() == null ? null : Instant.ofEpochMilli(row.inForceAt()));
    }

    private String open(DecisionRow row, String sealed, String context) {
        return sealed == null || sealed.isEmpty() ? null : keys.open(row.dataKeyId(), sealed, context + ":" + row.id());
    }
}
