package org.ombuds.sanctions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.Cases;
import org.ombuds.cases.Viewer;
import org.ombuds.coc.ActionKind;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading decisions: a case's for those who decide it, the ones waiting for a member's vote, who took part in a case,
 * and what transparency reports may count. Every read of a case's decisions is in the audit log.
 */
@Service
class DecisionReads {
    private final JdbcClient jdbc;
    private final Cases cases;
    private final Spaces spaces;
    private final DecisionRecords records;
    private final AuditLog audit;

    DecisionReads(JdbcClient jdbc, Cases cases, Spaces spaces, DecisionRecords records, AuditLog audit) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.spaces = spaces;
        this.records = records;
        this.audit = audit;
    }

    @Transactional
    public List<Decision> ofCase(Viewer viewer, String caseId) {
        Cases.DecisionContext context = cases.decisionContext(viewer, caseId);
        audit.record("read", "decision", null, caseId);
        return jdbc.sql("SELECT * FROM decision WHERE case_id = ? ORDER BY proposed_at DESC, id").param(caseId)
                .query(DecisionRow::map).list().stream().map(row -> records.view(row, context)).toList();
    }

    /** Only admins and moderators vote, and only on cases they may see (a recused member is not asked). */
    @Transactional
    public List<Decisions.AwaitingVote> awaitingVoteOf(Viewer viewer) {
        if (viewer.role() != Role.ADMIN && viewer.role() != Role.MODERATOR) return List.of();
        List<DecisionRow> open = jdbc.sql("""
                        SELECT d.* FROM decision d
                        WHERE (d.status = :awaiting OR (d.status = :inEffect AND d.interim = :interim AND d.ratify_by IS NOT NULL))
                          AND NOT EXISTS (SELECT 1 FROM decision_vote v WHERE v.decision_id = d.id AND v.account_id = :viewer)
                        ORDER BY d.proposed_at, d.id LIMIT 500""")
                .param("awaiting", DecisionStatus.AWAITING_APPROVAL.word()).param("inEffect", DecisionStatus.IN_EFFECT.word())
                .param("interim", true).param("viewer", viewer.accountId())
                .query(DecisionRow::map).list();
        List<Decisions.AwaitingVote> awaiting = open.stream().filter(DecisionRow::open)
                .filter(row -> cases.maySee(viewer, row.caseId()))
                .map(row -> new Decisions.AwaitingVote(row.id(), row.caseId(), cases.codeName(row.caseId()), row.action(), row.interim(),
                        Instant.ofEpochMilli(row.proposedAt()), row.ratifyBy() == null ? null : Instant.ofEpochMilli(row.ratifyBy())))
                .toList();
        audit.record("list", "decision", null, null);
        return awaiting;
    }

    Set<String> participants(String caseId) {
        Set<String> accounts = new LinkedHashSet<>(jdbc.sql("SELECT proposed_by FROM decision WHERE case_id = ?").param(caseId)
                .query(String.class).list());
        accounts.addAll(jdbc.sql("SELECT v.account_id FROM decision_vote v JOIN decision d ON d.id = v.decision_id WHERE d.case_id = ?")
                .param(caseId).query(String.class).list());
        return accounts;
    }

    /**
     * Decisions that took effect in [from, to) and stood (a rejected or lapsed interim measure does not count), for
     * transparency reports: action and its kind, spaces (slugs) and, for a case's first decision in effect, the time
     * since the case was opened.
     */
    List<DecisionStatistic> statistics(Instant from, Instant to) {
        record Row(String caseId, String action, String spaces, long inForceAt, String kind) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT case_id, action, spaces, in_force_at, kind FROM decision
                        WHERE in_force_at >= ? AND in_force_at < ? AND status NOT IN ('rejected', 'lapsed') ORDER BY in_force_at, id""")
                .params(from.toEpochMilli(), to.toEpochMilli())
                .query((row, n) -> new Row(row.getString(1), row.getString(2), row.getString(3), row.getLong(4), row.getString(5))).list();
        Map<String, Long> firsts = new HashMap<>();
        jdbc.sql("""
                        SELECT case_id, MIN(in_force_at) FROM decision WHERE in_force_at IS NOT NULL AND status NOT IN ('rejected', 'lapsed')
                        GROUP BY case_id HAVING MIN(in_force_at) >= ? AND MIN(in_force_at) < ?""")
                .params(from.toEpochMilli(), to.toEpochMilli())
                .query((row, n) -> firsts.put(row.getString(1), row.getLong(2))).list();
        Map<String, Instant> opened = cases.openedAt(firsts.keySet());
        Map<String, String> slugsById = new HashMap<>();
        spaces.all().forEach(space -> slugsById.put(space.id(), space.slug()));
        List<DecisionStatistic> statistics = new ArrayList<>();
        for (Row row : rows) {
            Long first = firsts.remove(row.caseId());
            Duration toDecide = first != null && first == row.inForceAt() && opened.containsKey(row.caseId())
                    ? Duration.between(opened.get(row.caseId()), Instant.ofEpochMilli(first)) : null;
            if (first != null && toDecide == null) firsts.put(row.caseId(), first);
            List<String> covered = row.spaces().isBlank()
                    ? spaces.of(cases.communityOf(row.caseId())).stream().map(Space::slug).toList()
                    : Arrays.stream(row.spaces().split(",")).map(id -> slugsById.getOrDefault(id, id)).toList();
            ActionKind kind = ActionKind.parse(row.kind()).orElseGet(() -> ActionKind.ofDefaultAction(row.action()).orElse(ActionKind.ADVISORY));
            statistics.add(new DecisionStatistic(Instant.ofEpochMilli(row.inForceAt()), row.action(), covered, toDecide, kind));
        }
        return statistics;
    }
}
