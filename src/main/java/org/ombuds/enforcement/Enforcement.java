package org.ombuds.enforcement;

import static org.ombuds.enforcement.EnforcementRecords.BANNED;
import static org.ombuds.enforcement.EnforcementRecords.millis;
import static org.ombuds.platform.Rows.instant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.Cases;
import org.ombuds.community.Spaces;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps every space in the state it should be in. For each (person, space) that a ban ever covered, {@code
 * enforcement_state} holds what it should be (banned until T, or free: the strongest ban in force wins, {@link
 * DesiredState}), what Ombuds last made the peer hold, and when to look next. Whatever may change what a pair should be
 * only marks the pair, in the transaction that changed it ({@link MarkingPairs}); the worker ({@link #deliverDue},
 * {@link DrivingSpaces}) computes the desired state afresh, acts only on the difference, and is safe to run again at any
 * time: a retry never applies what is no longer desired, and one ban ending never undoes another; {@link #reconcile}
 * ({@link ReconcilingSpaces}) asks the peers about the pairs in force and marks drift. This class is what the committee
 * sees and does: each space's state, what needs a person, "try again now" and "done by hand".
 */
@Service
public class Enforcement {
    static final int ALERT_AFTER = 3;
    static final Duration FIRST_PAUSE = Duration.ofSeconds(30);
    static final Duration LONGEST_PAUSE = Duration.ofHours(1);
    /** How long a lifted pair is still asked about, until the peer confirms the lift. */
    static final Duration LIFT_GRACE = Duration.ofDays(7);
    static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final EnforcementRecords records;
    private final DrivingSpaces driving;
    private final ReconcilingSpaces reconciling;
    private final Spaces spaces;
    private final Cases cases;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    Enforcement(JdbcClient jdbc, EnforcementRecords records, DrivingSpaces driving, ReconcilingSpaces reconciling, Spaces spaces, Cases cases,
                Accounts accounts, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.records = records;
        this.driving = driving;
        this.reconciling = reconciling;
        this.spaces = spaces;
        this.cases = cases;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** Drives the pairs due for a look (the enforcement job); no database transaction is held while a peer is called. Returns how many were looked at. */
    public int deliverDue() {
        return driving.deliverDue();
    }

    /** 30 s, 1 min, 2 min ... at most an hour between attempts. */
    static Duration pause(int attempts) {
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(attempts - 1, 20));
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }

    // ---- what the committee sees and does ----

    /**
     * A sanction's standing in one space: what is being driven there ({@code operation} apply or lift: the pair's desired
     * state), how far it got ({@code status}), what Ombuds last made the peer hold ({@code applied}), and the next look.
     * {@code taskId} names the pair for "drive again" and "done by hand".
     */
    public record SpaceState(String taskId, String spaceId, String spaceSlug, String operation, String status, int attempts, String lastError,
                             Instant updatedAt, Instant nextAttemptAt, String applied, Instant until, String observed, Instant observedAt,
                             String decidedBy) {
    }

    @Transactional(readOnly = true)
    public List<SpaceState> stateOf(String accountId, String sanctionId) {
        EnforcementRecords.SanctionFacts sanction = visibleSanction(accountId, sanctionId);
        List<SpaceState> states = new ArrayList<>();
        for (String spaceId : sanction.spaceIds()) {
            spaces.byId(spaceId).ifPresent(space -> jdbc.sql("SELECT * FROM enforcement_state WHERE person_id = ? AND space_id = ?")
                    .params(sanction.personId(), spaceId).query((row, n) -> spaceState(row, space.slug())).optional().ifPresent(states::add));
        }
        return states;
    }

    /** What is driven towards: the desired state, as the step the pages name. */
    static String operation(String desired) {
        return BANNED.equals(desired) ? "apply" : "lift";
    }

    private static SpaceState spaceState(java.sql.ResultSet row, String spaceSlug) throws java.sql.SQLException {
        Instant next = instant(row, "look_at");
        Instant desiredUntil = instant(row, "desired_until");
        Instant observed = instant(row, "observed_at");
        return new SpaceState(row.getString("id"), row.getString("space_id"), spaceSlug, operation(row.getString("desired")),
                row.getString("status"), row.getInt("attempts"), row.getString("last_error"), Instant.ofEpochMilli(row.getLong("updated_at")), next,
                row.getString("applied"), desiredUntil, row.getString("observed"), observed, row.getString("sanction_id"));
    }

    /** A space that needs a person: driving it failed (and is being retried) or has to be done by hand. */
    public record Attention(String taskId, String sanctionId, String caseId, String codeName, String action, String spaceSlug, String operation,
                            String status, int attempts, String lastError, Instant updatedAt) {
    }

    /**
     * The spaces that need the committee, on sanctions this account may see: failed or left to be done by hand; oldest
     * first. Appeal reviewers do not act on enforcement: none.
     */
    @Transactional(readOnly = true)
    public List<Attention> attentionFor(String accountId) {
        Account account = accounts.require(accountId);
        if (account.role() == Role.APPEAL_REVIEWER) return List.of();
        var viewer = cases.viewer(accountId);
        List<Attention> found = jdbc.sql("""
                        SELECT t.id, t.sanction_id, s.case_id, s.action, t.space_id, t.desired, t.status, t.attempts, t.last_error, t.updated_at
                        FROM enforcement_state t JOIN enforcement_sanction s ON s.sanction_id = t.sanction_id
                        WHERE t.status IN ('failed', 'manual')
                        ORDER BY t.updated_at, t.id LIMIT 500""")
                .query((row, n) -> new Attention(row.getString("id"), row.getString("sanction_id"), row.getString("case_id"), null,
                        row.getString("action"), row.getString("space_id"), operation(row.getString("desired")),
                        row.getString("status"), row.getInt("attempts"), row.getString("last_error"), Instant.ofEpochMilli(row.getLong("updated_at"))))
                .list();
        // Read with the space's id in place of its slug: the space table is community's, its slug comes through its API.
        return found.stream().filter(task -> cases.maySee(viewer, task.caseId()))
                .flatMap(task -> spaces.byId(task.spaceSlug()).stream().map(space -> new Attention(task.taskId(), task.sanctionId(),
                        task.caseId(), cases.codeName(task.caseId()), task.action(), space.slug(), task.operation(), task.status(), task.attempts(),
                        task.lastError(), task.updatedAt())))
                .toList();
    }

    /** Drives the pair again now ("drive again now"). */
    @Transactional
    public void retry(String accountId, String taskId) {
        EnforcementRecords.State state = stateFor(accountId, taskId);
        if (Set.of("done", "by-hand", "cancelled").contains(state.status())) throw new ConflictException("task", "this space holds what it should");
        long now = clock.millis();
        jdbc.sql("UPDATE enforcement_state SET look_at = ?, generation = generation + 1, updated_at = ? WHERE id = ?")
                .params(now, now, state.id()).update();
        audit.record("retry", "enforcement-task", state.id(), records.sanction(state.sanctionId()).caseId());
    }

    /** A person brought the space to what it should be by hand (a space without an API, or a peer that keeps refusing). */
    @Transactional
    public void markDoneByHand(String accountId, String taskId) {
        EnforcementRecords.State state = stateFor(accountId, taskId);
        if (Set.of("done", "by-hand", "cancelled").contains(state.status())) throw new ConflictException("task", "this task is finished");
        DesiredState desired = records.desiredOf(state.personId(), state.spaceId());
        jdbc.sql("""
                        UPDATE enforcement_state SET applied = ?, applied_until = ?, status = 'by-hand', done_by = ?, last_error = NULL,
                            look_at = NULL, updated_at = ? WHERE id = ?""")
                .params(desired.word(), millis(desired.until()), accountId, clock.millis(), state.id()).update();
        audit.record("by-hand", "enforcement-task", state.id(), records.sanction(state.sanctionId()).caseId());
    }

    // ---- reconciliation ----

    /** What reconciliation found: pairs asked about, drift marked for the worker, and pairs whose peer could not be asked. */
    public record Reconciliation(int checked, int reapplied, int lifted, int unreachable) {
    }

    /**
     * Asks the peers about the pairs in force and those lately lifted ({@link ReconcilingSpaces}); drift is marked for the
     * worker and shown on the case.
     */
    public Reconciliation reconcile() {
        return reconciling.reconcile();
    }

    private EnforcementRecords.SanctionFacts visibleSanction(String accountId, String sanctionId) {
        EnforcementRecords.SanctionFacts sanction = records.sanction(sanctionId);
        if (!cases.maySee(cases.viewer(accountId), sanction.caseId())) throw new NotFoundException("there is no such sanction");
        return sanction;
    }

    private EnforcementRecords.State stateFor(String accountId, String taskId) {
        EnforcementRecords.State state = jdbc.sql("SELECT * FROM enforcement_state WHERE id = ?").param(taskId == null ? "" : taskId)
                .query((row, n) -> records.state(row)).optional().orElseThrow(() -> new NotFoundException("there is no such task"));
        visibleSanction(accountId, state.sanctionId());
        Account account = accounts.require(accountId);
        if (account.role() == Role.APPEAL_REVIEWER) throw new AccessDeniedException("only the committee acts on enforcement");
        return state;
    }
}
