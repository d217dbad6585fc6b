package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ombuds.cases.Cases;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Slugs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The decision tables as the decision activities share them: reading a decision, its votes and no-contact order,
 * recording a vote, closing a decision, and the committee's view of one (its sealed texts opened).
 */
@Component
class DecisionRecords {
    static final String REASONING = "decision.sealed_reasoning";
    static final String COMMENT = "decision_vote.sealed_comment";
    static final String CONDITIONS = "decision.sealed_conditions";
    static final String REPORTER_MESSAGE = "decision.sealed_reporter_message";
    static final String SUBJECT_MESSAGE = "decision.sealed_subject_message";

    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final People people;
    private final QuorumPolicy quorum;
    private final Clock clock;

    DecisionRecords(JdbcClient jdbc, DataKeys keys, People people, QuorumPolicy quorum, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.people = people;
        this.quorum = quorum;
        this.clock = clock;
    }

    DecisionRow row(String id) {
        return jdbc.sql("SELECT * FROM decision WHERE id = ?").param(id).query(DecisionRow::map).single();
    }

    Optional<DecisionRow> find(String id) {
        return jdbc.sql("SELECT * FROM decision WHERE id = ?").param(id).query(DecisionRow::map).optional();
    }

    DecisionRow existing(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("there is no decision " + Slugs.printable(String.valueOf(id))));
    }

    /** A decision that is in effect, for an appeal's outcome; anything else is a conflict. */
    DecisionRow inEffect(String id) {
        DecisionRow row = existing(id);
        if (!DecisionStatus.IN_EFFECT.is(row.status())) {
            throw new ConflictException("decision", "the decision is " + row.status() + ", not in effect");
        }
        return row;
    }

    void insertVote(String decisionId, String key, String accountId, String vote, String comment) {
        jdbc.sql("INSERT INTO decision_vote (decision_id, account_id, vote, sealed_comment, voted_at) VALUES (?, ?, ?, ?, ?)")
                .params(decisionId, accountId, vote, comment == null ? null : keys.seal(key, comment, COMMENT + ":" + decisionId), clock.millis())
                .update();
    }

    boolean hasVoted(String decisionId, String accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM decision_vote WHERE decision_id = ? AND account_id = ?").params(decisionId, accountId)
                .query(Integer.class).single() > 0;
    }

    List<QuorumPolicy.Cast> votes(String decisionId) {
        return jdbc.sql("SELECT account_id, vote FROM decision_vote WHERE decision_id = ?").param(decisionId)
                .query((r, n) -> new QuorumPolicy.Cast(r.getString(1), r.getString(2))).list();
    }

    /** Closes a decision for good (rejected, superseded, lapsed, overturned): no more ratifying, and when. */
    void close(String id, DecisionStatus status, long at) {
        jdbc.sql("UPDATE decision SET status = ?, ratify_by = NULL, closed_at = ? WHERE id = ?").params(status.word(), at, id).update();
    }

    void addNoContact(String decisionId, String personId) {
        jdbc.sql("INSERT INTO decision_no_contact (decision_id, person_id) VALUES (?, ?)").params(decisionId, personId).update();
    }

    String seal(String key, String text, String column, String decisionId) {
        return text == null ? null : keys.seal(key, text, column + ":" + decisionId);
    }

    String open(DecisionRow row, String sealed, String column) {
        return sealed == null ? null : keys.open(row.dataKeyId(), sealed, column + ":" + row.id());
    }

    Decision view(DecisionRow row, Cases.DecisionContext context) {
        List<Decision.Vote> votes = jdbc.sql("SELECT account_id, vote, sealed_comment, voted_at FROM decision_vote WHERE decision_id = ? ORDER BY voted_at")
                .param(row.id())
                .query((r, n) -> new Decision.Vote(r.getString("account_id"), null, r.getString("vote"),
                        open(row, r.getString("sealed_comment"), COMMENT), Instant.ofEpochMilli(r.getLong("voted_at")))).list();
        Duration duration = row.durationMs() == null ? null : Duration.ofMillis(row.durationMs());
        return new Decision(row.id(), row.caseId(), row.action(), List.of(row.clauses().split(",")),
                row.sealedReasoning().isEmpty() ? null : open(row, row.sealedReasoning(), REASONING),
                row.codeVersion(), row.codeSha256(),
                row.spaces().isEmpty() ? List.of() : List.of(row.spaces().split(",")), duration == null ? null : duration.toString(),
                row.endsAt() == null ? null : Instant.ofEpochMilli(row.endsAt()), row.interim(),
                row.ratifyBy() == null ? null : Instant.ofEpochMilli(row.ratifyBy()), row.supersedes(), row.proposedBy(),
                Instant.ofEpochMilli(row.proposedAt()), row.status(), row.inForceAt() == null ? null : Instant.ofEpochMilli(row.inForceAt()),
                quorum.needed(row, context.committee()), context.committee().members().size(), votes, row.suggestedAction(),
                open(row, row.sealedConditions(), CONDITIONS),
                jdbc.sql("SELECT person_id FROM decision_no_contact WHERE decision_id = ?").param(row.id()).query(String.class).list().stream()
                        .flatMap(person -> people.byId(person).stream()).flatMap(person -> person.handles().stream()).map(IdentityHandle::toString)
                        .toList(),
                open(row, row.sealedSubjectMessage(), SUBJECT_MESSAGE), row.imported(), row.kind());
    }
}
