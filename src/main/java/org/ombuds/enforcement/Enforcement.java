package org.ombuds.enforcement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.Cases;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.NotFoundException;
import org.ombuds.sanctions.SanctionDecided;
import org.ombuds.sanctions.SanctionEnded;
import org.ombuds.sanctions.SanctionLifted;
import org.ombuds.sanctions.SanctionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies bans in the spaces they cover and lifts them when they end. The work is written to the outbox
 * ({@code enforcement_task}) in the very transaction that starts or ends the sanction, so none is lost, and delivered
 * by one node at a time ({@link #deliverDue}) with retries and growing pauses. Each space's state stays visible on
 * the sanction (pending, failed with the peer's words, done, manual, by hand); after three failed attempts the
 * committee is told. {@link #reconcile} compares what the peers say with what should be and repairs the drift.
 * <p>
 * Over 300 lines for now: the outbox's writer, its delivery and the reconciliation share the task table's SQL and the
 * target each peer is driven to; splitting them into activities around an enforcement records class is the next step.
 */
@Service
public class Enforcement {
    static final int ALERT_AFTER = 3;
    static final Duration FIRST_PAUSE = Duration.ofSeconds(30);
    static final Duration LONGEST_PAUSE = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(Enforcement.class);

    private final JdbcClient jdbc;
    private final SpaceConnectors connectors;
    private final People people;
    private final Spaces spaces;
    private final Cases cases;
    private final Accounts accounts;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Enforcement(JdbcClient jdbc, SpaceConnectors connectors, People people, Spaces spaces, Cases cases, Accounts accounts, AuditLog audit,
                ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.people = people;
        this.spaces = spaces;
        this.cases = cases;
        this.accounts = accounts;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // ---- the outbox, written in the sanction's own transaction ----

    /**
     * A ban imported from the committee's earlier records was applied by the committee by hand, before Ombuds: it is
     * recorded so (not sent to the connectors, not left for anyone to do, not reconciled), and its end is lifted
     * through the connectors like any other.
     */
    @EventListener
    void decided(SanctionDecided decided) {
        if (!decided.kind().bans()) return;
        for (String space : decided.spaceIds()) task(decided.sanctionId(), space, "apply", decided.imported() ? "by-hand" : "pending");
    }

    @EventListener
    void ended(SanctionEnded ended) {
        liftEverywhere(ended.sanctionId());
    }

    @EventListener
    void lifted(SanctionLifted lifted) {
        liftEverywhere(lifted.sanctionId());
    }

    /** An apply never attempted is simply cancelled; anywhere it may have reached, a lift follows. */
    private void liftEverywhere(String sanctionId) {
        List<String> spaceIds = jdbc.sql("SELECT DISTINCT space_id FROM enforcement_task WHERE sanction_id = ? AND operation = 'apply'")
                .param(sanctionId).query(String.class).list();
        long now = clock.millis();
        for (String space : spaceIds) {
            int cancelled = jdbc.sql("""
                            UPDATE enforcement_task SET status = 'cancelled', updated_at = ?
                            WHERE sanction_id = ? AND space_id = ? AND operation = 'apply' AND status IN ('pending', 'manual') AND attempts = 0""")
                    .params(now, sanctionId, space).update();
            boolean reached = jdbc.sql("SELECT COUNT(*) FROM enforcement_task WHERE sanction_id = ? AND space_id = ? AND operation = 'apply'"
                    + " AND status <> 'cancelled'").params(sanctionId, space).query(Integer.class).single() > 0;
            if (reached || cancelled == 0) task(sanctionId, space, "lift", "pending");
        }
    }

    private void task(String sanctionId, String spaceId, String operation, String status) {
        long now = clock.millis();
        jdbc.sql("""
                        INSERT INTO enforcement_task (id, sanction_id, space_id, operation, status, attempts, next_attempt_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)""")
                .params(Ids.newId(), sanctionId, spaceId, operation, status, now, now, now).update();
    }

    // ---- delivery, by one node at a time (the enforcement job) ----

    private record Task(String id, String sanctionId, String spaceId, String operation, int attempts, boolean alerted) {
    }

    private record SanctionFacts(String id, String caseId, String personId, String action, Instant until, String status) {
    }

    /** Delivers the tasks that are due; no database transaction is held while a peer is called. Returns how many were tried. */
    public int deliverDue() {
        List<Task> due = jdbc.sql("""
                        SELECT id, sanction_id, space_id, operation, attempts, alerted FROM enforcement_task
                        WHERE status IN ('pending', 'failed') AND next_attempt_at <= ? ORDER BY created_at, id LIMIT 50""")
                .param(clock.millis())
                .query((row, n) -> new Task(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getInt(5),
                        row.getBoolean(6)))
                .list();
        due.forEach(this::deliver);
        return due.size();
    }

    private void deliver(Task task) {
        SanctionFacts sanction = sanction(task.sanctionId());
        Optional<SpaceConnectors.Configured> configured = connectors.settingsOf(task.spaceId())
                .filter(found -> found.enabled() && found.connector() != null);
        if (configured.isEmpty()) {
            finish(task, "manual", "no connector is configured for this space: do it by hand, then mark it done");
            return;
        }
        Connector connector = configured.get().connector();
        List<IdentityHandle> identities = identities(sanction.personId(), connector);
        if (identities.isEmpty()) {
            finish(task, "manual", "no " + String.join(" or ", connector.identityKinds().stream().sorted().toList())
                    + " handle is known for this person: add one to the case, or do it by hand");
            return;
        }
        try {
            for (IdentityHandle identity : identities) {
                Target target = target(sanction, identity);
                if (task.operation().equals("apply")) {
                    connector.apply(configured.get().settings(), target);
                } else {
                    connector.lift(configured.get().settings(), target);
                }
            }
            finish(task, "done", null);
        } catch (PeerException | RuntimeException e) {
            failed(task, sanction, e instanceof PeerException ? e.getMessage() : "the connector failed: " + e.getClass().getSimpleName());
        }
    }

    private Target target(SanctionFacts sanction, IdentityHandle identity) {
        return new Target(sanction.id(), sanction.action(), identity, sanction.until(), "Code of Conduct sanction " + sanction.id());
    }

    private void finish(Task task, String status, String error) {
        jdbc.sql("UPDATE enforcement_task SET status = ?, attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?")
                .params(status, error, clock.millis(), task.id()).update();
    }

    private void failed(Task task, SanctionFacts sanction, String error) {
        int attempts = task.attempts() + 1;
        long now = clock.millis();
        String shown = error == null ? "the peer failed" : error.length() > 500 ? error.substring(0, 500) : error;
        jdbc.sql("UPDATE enforcement_task SET status = 'failed', attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?")
                .params(attempts, shown, now + pause(attempts).toMillis(), now, task.id()).update();
        log.warn("enforcement task {} ({} in space {}) failed, attempt {}: {}", task.id(), task.operation(), task.spaceId(), attempts, shown);
        if (attempts >= ALERT_AFTER && !task.alerted()) {
            jdbc.sql("UPDATE enforcement_task SET alerted = ? WHERE id = ?").params(true, task.id()).update();
            events.publishEvent(new CaseStep(sanction.caseId(), null, CaseEvent.Kind.ENFORCEMENT_FAILED,
                    spaces.byId(task.spaceId()).map(Space::slug).orElse(task.spaceId())));
            events.publishEvent(new EnforcementFailed(task.sanctionId(), sanction.caseId(), task.spaceId(), task.operation()));
        }
    }

    /** 30 s, 1 min, 2 min ... at most an hour between attempts. */
    static Duration pause(int attempts) {
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(attempts - 1, 20));
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }

    // ---- what the committee sees and does ----

    /** The state of a sanction in one space: the latest task there. */
    public record SpaceState(String taskId, String spaceId, String spaceSlug, String operation, String status, int attempts, String lastError,
                             Instant updatedAt, Instant nextAttemptAt) {
    }

    @Transactional(readOnly = true)
    public List<SpaceState> stateOf(String accountId, String sanctionId) {
        SanctionFacts sanction = visibleSanction(accountId, sanctionId);
        List<SpaceState> states = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        jdbc.sql("SELECT t.* FROM enforcement_task t WHERE t.sanction_id = ? ORDER BY t.created_at DESC, t.id DESC")
                .param(sanction.id())
                .query((row, n) -> new SpaceState(row.getString("id"), row.getString("space_id"), null, row.getString("operation"),
                        row.getString("status"), row.getInt("attempts"), row.getString("last_error"),
                        Instant.ofEpochMilli(row.getLong("updated_at")), Instant.ofEpochMilli(row.getLong("next_attempt_at"))))
                .list()
                .forEach(state -> { if (seen.add(state.spaceId())) states.add(state); });
        return states.stream().flatMap(state -> spaces.byId(state.spaceId()).stream().map(space -> new SpaceState(state.taskId(),
                state.spaceId(), space.slug(), state.operation(), state.status(), state.attempts(), state.lastError(), state.updatedAt(),
                state.nextAttemptAt()))).toList();
    }

    /** A step in a space that needs a person: it failed (and is being retried) or has to be done by hand. */
    public record Attention(String taskId, String sanctionId, String caseId, String codeName, String action, String spaceSlug, String operation,
                            String status, int attempts, String lastError, Instant updatedAt) {
    }

    /**
     * The enforcement steps that need the committee, on sanctions this account may see: each space's latest step,
     * when it failed or is left to be done by hand; oldest first. Appeal reviewers do not act on enforcement: none.
     */
    @Transactional(readOnly = true)
    public List<Attention> attentionFor(String accountId) {
        Account account = accounts.require(accountId);
        if (account.role() == Role.APPEAL_REVIEWER) return List.of();
        var viewer = cases.viewer(accountId);
        List<Attention> found = jdbc.sql("""
                        SELECT t.id, t.sanction_id, s.case_id, s.action, t.space_id, t.operation, t.status, t.attempts, t.last_error, t.updated_at
                        FROM enforcement_task t JOIN enforcement_sanction s ON s.sanction_id = t.sanction_id
                        WHERE t.status IN ('failed', 'manual')
                          AND NOT EXISTS (SELECT 1 FROM enforcement_task later WHERE later.sanction_id = t.sanction_id
                              AND later.space_id = t.space_id AND (later.created_at > t.created_at
                                  OR (later.created_at = t.created_at AND later.id > t.id)))
                        ORDER BY t.updated_at, t.id LIMIT 500""")
                .query((row, n) -> new Attention(row.getString("id"), row.getString("sanction_id"), row.getString("case_id"), null,
                        row.getString("action"), row.getString("space_id"), row.getString("operation"), row.getString("status"), row.getInt("attempts"),
                        row.getString("last_error"), Instant.ofEpochMilli(row.getLong("updated_at"))))
                .list();
        // Read with the space's id in place of its slug: the space table is community's, its slug comes through its API.
        return found.stream().filter(task -> cases.maySee(viewer, task.caseId()))
                .flatMap(task -> spaces.byId(task.spaceSlug()).stream().map(space -> new Attention(task.taskId(), task.sanctionId(),
                        task.caseId(), cases.codeName(task.caseId()), task.action(), space.slug(), task.operation(), task.status(), task.attempts(),
                        task.lastError(), task.updatedAt())))
                .toList();
    }

    /** Tries a failed (or pending) task again now. */
    @Transactional
    public void retry(String accountId, String taskId) {
        Task task = taskFor(accountId, taskId);
        if (!Set.of("failed", "pending", "manual").contains(status(task.id()))) throw new ConflictException("task", "this task is not waiting");
        jdbc.sql("UPDATE enforcement_task SET status = 'pending', next_attempt_at = ?, updated_at = ? WHERE id = ?")
                .params(clock.millis(), clock.millis(), task.id()).update();
        audit.record("retry", "enforcement-task", task.id(), sanction(task.sanctionId()).caseId());
    }

    /** A person did it by hand (a space without an API, or a peer that keeps refusing). */
    @Transactional
    public void markDoneByHand(String accountId, String taskId) {
        Task task = taskFor(accountId, taskId);
        if (Set.of("done", "by-hand", "cancelled").contains(status(task.id()))) throw new ConflictException("task", "this task is finished");
        jdbc.sql("UPDATE enforcement_task SET status = 'by-hand', done_by = ?, last_error = NULL, updated_at = ? WHERE id = ?")
                .params(accountId, clock.millis(), task.id()).update();
        audit.record("by-hand", "enforcement-task", task.id(), sanction(task.sanctionId()).caseId());
    }

    // ---- reconciliation ----

    /** What reconciliation found: tasks it created to repair drift, and peers it could not ask. */
    public record Reconciliation(int checked, int reapplied, int lifted, int unreachable) {
    }

    /**
     * Asks each peer whether what it enforces matches what should be: a ban in effect whose apply was done must be
     * applied (removed by hand at the peer: reported on the case and applied again); a ban that ended must be gone
     * (still there: lifted again).
     */
    public Reconciliation reconcile() {
        int checked = 0;
        int reapplied = 0;
        int lifted = 0;
        int unreachable = 0;
        List<String[]> finished = jdbc.sql("""
                        SELECT t.sanction_id, t.space_id, t.operation FROM enforcement_task t
                        WHERE t.status = 'done' AND t.created_at = (SELECT MAX(o.created_at) FROM enforcement_task o
                            WHERE o.sanction_id = t.sanction_id AND o.space_id = t.space_id)""")
                .query((row, n) -> new String[] {row.getString(1), row.getString(2), row.getString(3)}).list();
        for (String[] last : finished) {
            SanctionFacts sanction = sanction(last[0]);
            boolean shouldApply = SanctionStatus.IN_EFFECT.is(sanction.status()) && (sanction.until() == null || sanction.until().isAfter(clock.instant()));
            if (shouldApply != last[2].equals("apply")) continue; // its end is on its way through the outbox
            Optional<SpaceConnectors.Configured> configured = connectors.settingsOf(last[1]).filter(found -> found.enabled() && found.connector() != null);
            if (configured.isEmpty()) continue;
            try {
                boolean drift = false;
                for (IdentityHandle identity : identities(sanction.personId(), configured.get().connector())) {
                    Optional<Boolean> applied = configured.get().connector().applied(configured.get().settings(), target(sanction, identity));
                    checked++;
                    if (applied.isPresent() && applied.get() != shouldApply) drift = true;
                }
                if (drift) {
                    task(sanction.id(), last[1], shouldApply ? "apply" : "lift", "pending");
                    events.publishEvent(new CaseStep(sanction.caseId(), null, shouldApply ? CaseEvent.Kind.ENFORCEMENT_DRIFT_REAPPLIED : CaseEvent.Kind.ENFORCEMENT_DRIFT_LIFTED,
                            configured.get().settings().spaceSlug()));
                    if (shouldApply) reapplied++; else lifted++;
                }
            } catch (PeerException | RuntimeException e) {
                unreachable++;
            }
        }
        return new Reconciliation(checked, reapplied, lifted, unreachable);
    }

    // ---- internals ----

    /** The person's handles (all their merged records) of the kinds this connector acts on. */
    private List<IdentityHandle> identities(String personId, Connector connector) {
        return people.handlesOf(personId).stream().filter(handle -> connector.identityKinds().contains(handle.kind())).toList();
    }

    private SanctionFacts sanction(String sanctionId) {
        return jdbc.sql("SELECT sanction_id, case_id, person_id, action, ends_at, status FROM enforcement_sanction WHERE sanction_id = ?")
                .param(sanctionId)
                .query((row, n) -> {
                    long ends = row.getLong("ends_at");
                    Instant until = row.wasNull() ? null : Instant.ofEpochMilli(ends);
                    return new SanctionFacts(row.getString("sanction_id"), row.getString("case_id"), row.getString("person_id"), row.getString("action"),
                            until, row.getString("status"));
                }).optional().orElseThrow(() -> new NotFoundException("there is no such sanction"));
    }

    private SanctionFacts visibleSanction(String accountId, String sanctionId) {
        SanctionFacts sanction = sanction(sanctionId);
        if (!cases.maySee(cases.viewer(accountId), sanction.caseId())) throw new NotFoundException("there is no such sanction");
        return sanction;
    }

    private Task taskFor(String accountId, String taskId) {
        Task task = jdbc.sql("SELECT id, sanction_id, space_id, operation, attempts, alerted FROM enforcement_task WHERE id = ?")
                .param(taskId == null ? "" : taskId)
                .query((row, n) -> new Task(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getInt(5), row.getBoolean(6)))
                .optional().orElseThrow(() -> new NotFoundException("there is no such task"));
        visibleSanction(accountId, task.sanctionId());
        Account account = accounts.require(accountId);
        if (account.role() == Role.APPEAL_REVIEWER) throw new AccessDeniedException("only the committee acts on enforcement");
        return task;
    }

    private String status(String taskId) {
        return jdbc.sql("SELECT status FROM enforcement_task WHERE id = ?").param(taskId).query(String.class).single();
    }
}
