package org.ombuds.enforcement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
import org.ombuds.community.IdentityChanged;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.NotFoundException;
import org.ombuds.sanctions.SanctionDecided;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps every space in the state it should be in. For each (person, space) that a ban ever covered, {@code
 * enforcement_state} holds what it should be (banned until T, or free: the strongest ban in force wins, {@link
 * DesiredState}), what Ombuds last made the peer hold, and when to look next. Whatever may change what a pair should be
 * (a ban decided, ended, lifted or overturned, a handle added, people merged, the space's connector changed) only marks
 * the pair, in the transaction that changed it; the worker ({@link #deliverDue}, one node at a time) computes the desired
 * state afresh, acts only on the difference, and is safe to run again at any time: a retry never applies what is no
 * longer desired, and one ban ending never undoes another. Failures are retried with growing pauses and the committee is
 * told after three; {@link #reconcile} asks the peers about the pairs in force (and those lifted lately, until the peer
 * confirms) and marks drift for the worker.
 * <p>
 * Over 300 lines for now: marking, driving and reconciling share the state table's SQL; splitting them into activities
 * around an enforcement records class is the next step.
 */
@Service
public class Enforcement {
    static final int ALERT_AFTER = 3;
    static final Duration FIRST_PAUSE = Duration.ofSeconds(30);
    static final Duration LONGEST_PAUSE = Duration.ofHours(1);
    /** How long a lifted pair is still asked about, until the peer confirms the lift. */
    static final Duration LIFT_GRACE = Duration.ofDays(7);
    static final int BATCH = 50;
    private static final Logger log = LoggerFactory.getLogger(Enforcement.class);
    private static final String BANNED = "banned";
    private static final String FREE = "free";

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

    // ---- marking, in the transaction of the change ----

    /** The pairs a ban covers, marked by enforcement's view of the sanctions whenever one is recorded or changes. */
    void mark(String personId, Collection<String> spaceIds) {
        for (String spaceId : spaceIds) {
            DesiredState desired = desiredOf(personId, spaceId);
            long now = clock.millis();
            Optional<State> known = jdbc.sql("SELECT * FROM enforcement_state WHERE person_id = ? AND space_id = ?").params(personId, spaceId)
                    .query((row, n) -> state(row)).optional();
            if (known.isEmpty()) {
                jdbc.sql("""
                                INSERT INTO enforcement_state (id, person_id, space_id, desired, desired_until, sanction_id, status, look_at, generation, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)""")
                        .params(Ids.newId(), personId, spaceId, desired.banned() ? BANNED : FREE, millis(desired.until()), desired.sanctionId(),
                                desired.banned() ? "pending" : "cancelled", now, now)
                        .update();
                continue;
            }
            State state = known.get();
            boolean held = desired.heldBy(state.applied(), state.appliedUntil());
            // What it is driven towards changed: a new round of attempts, told about anew if it fails.
            boolean changed = !desired.equals(new DesiredState(BANNED.equals(state.desired()), state.desiredUntil(),
                    BANNED.equals(state.desired()) ? state.sanctionId() : null));
            String status = !held ? "pending" : !desired.banned() && state.applied() == null ? "cancelled" : state.status();
            jdbc.sql("""
                            UPDATE enforcement_state SET desired = ?, desired_until = ?, sanction_id = COALESCE(?, sanction_id), status = ?,
                                attempts = CASE WHEN ? THEN 0 ELSE attempts END, alerted = CASE WHEN ? THEN ? ELSE alerted END,
                                look_at = ?, generation = generation + 1, updated_at = ?
                            WHERE id = ?""")
                    .params(desired.banned() ? BANNED : FREE, millis(desired.until()), desired.sanctionId(), status, changed, changed, false, now, now,
                            state.id())
                    .update();
        }
    }

    /**
     * A ban imported from the committee's earlier records was applied by the committee by hand, before Ombuds: it is
     * recorded so (nothing is sent), and its end is lifted through the connectors like any other.
     */
    @EventListener
    void decided(SanctionDecided decided) {
        if (!decided.imported() || !decided.kind().bans()) return;
        for (String space : decided.spaceIds()) {
            jdbc.sql("""
                            UPDATE enforcement_state SET applied = ?, applied_until = ?, status = 'by-hand', look_at = NULL
                            WHERE person_id = ? AND space_id = ? AND desired = ?""")
                    .params(BANNED, millis(decided.until()), decided.personId(), space, BANNED).update();
        }
    }

    /**
     * A handle linked or taken, or people merged: their pairs are looked at again, and a ban the peer holds is applied
     * again, so that it reaches the new handles too (applying is harmless where it is in force already).
     */
    @EventListener
    void identityChanged(IdentityChanged changed) {
        for (String personId : changed.personIds()) {
            jdbc.sql("UPDATE enforcement_state SET applied = 'unknown' WHERE person_id = ? AND applied = ?").params(personId, BANNED).update();
            mark(personId, jdbc.sql("SELECT space_id FROM enforcement_state WHERE person_id = ?").param(personId).query(String.class).list());
        }
    }

    /** A space's connector configured or changed: every pair there is looked at again. */
    @EventListener
    void connectorConfigured(SpaceConnectors.ConnectorChanged changed) {
        long now = clock.millis();
        jdbc.sql("UPDATE enforcement_state SET look_at = ?, generation = generation + 1, updated_at = ? WHERE space_id = ?")
                .params(now, now, changed.spaceId()).update();
    }

    // ---- the worker: drives each marked pair to what it should be (one node at a time, the enforcement job) ----

    private record State(String id, String personId, String spaceId, String desired, Instant desiredUntil, String applied, Instant appliedUntil,
                         String status, int attempts, long generation, boolean alerted, String sanctionId) {
    }

    /** Drives the pairs due for a look; no database transaction is held while a peer is called. Returns how many were looked at. */
    public int deliverDue() {
        List<State> due = jdbc.sql("SELECT * FROM enforcement_state WHERE look_at <= ? ORDER BY look_at, id LIMIT " + BATCH)
                .param(clock.millis()).query((row, n) -> state(row)).list();
        due.forEach(this::drive);
        return due.size();
    }

    private void drive(State state) {
        DesiredState desired = desiredOf(state.personId(), state.spaceId());
        if (desired.heldBy(state.applied(), state.appliedUntil())) {
            String status = state.status().equals("by-hand") ? "by-hand" : !desired.banned() && state.applied() == null ? "cancelled" : "done";
            settle(state, desired, state.applied(), state.appliedUntil(), status, null, state.attempts());
            return;
        }
        Optional<SpaceConnectors.Configured> configured = connectors.settingsOf(state.spaceId())
                .filter(found -> found.enabled() && found.connector() != null);
        if (configured.isEmpty()) {
            settle(state, desired, state.applied(), state.appliedUntil(), "manual",
                    "no connector is configured for this space: do it by hand, then mark it done", state.attempts());
            return;
        }
        Connector connector = configured.get().connector();
        List<IdentityHandle> identities = identities(state.personId(), connector);
        if (identities.isEmpty()) {
            settle(state, desired, state.applied(), state.appliedUntil(), "manual", "no " + String.join(" or ",
                    connector.identityKinds().stream().sorted().toList()) + " handle is known for this person: add one to the case, or do it by hand",
                    state.attempts());
            return;
        }
        String sanctionId = desired.banned() ? desired.sanctionId() : state.sanctionId();
        SanctionFacts sanction = sanction(sanctionId);
        try {
            for (IdentityHandle identity : identities) {
                Target target = new Target(sanctionId, sanction.action(), identity, desired.until(), "Code of Conduct sanction " + sanctionId);
                if (!desired.banned()) {
                    connector.lift(configured.get().settings(), target);
                    continue;
                }
                // A peer that ends bans by itself keeps the end it was first given: to move it (a longer ban now stands), lift first.
                if (BANNED.equals(state.applied()) && connector.capabilities().contains(Connector.Capability.SUSPEND_UNTIL)) {
                    connector.lift(configured.get().settings(), target);
                }
                connector.apply(configured.get().settings(), target);
            }
            settle(state, desired, desired.banned() ? BANNED : FREE, desired.until(), "done", null, state.attempts() + 1);
        } catch (PeerException | RuntimeException e) {
            failed(state, desired, sanction, e instanceof PeerException ? e.getMessage() : "the connector failed: " + e.getClass().getSimpleName());
        }
    }

    /** Records where the pair stands; its look is cleared only if nothing marked it meanwhile (then it is looked at again). */
    private void settle(State state, DesiredState desired, String applied, Instant appliedUntil, String status, String error, int attempts) {
        long now = clock.millis();
        boolean freed = !desired.banned() && BANNED.equals(state.applied()) || !desired.banned() && "unknown".equals(state.applied());
        jdbc.sql("""
                        UPDATE enforcement_state SET desired = ?, desired_until = ?, sanction_id = COALESCE(?, sanction_id), applied = ?, applied_until = ?,
                            status = ?, attempts = ?, last_error = ?, alerted = CASE WHEN ? = 'done' THEN ? ELSE alerted END,
                            freed_at = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE freed_at END,
                            look_at = CASE WHEN generation = ? THEN NULL ELSE look_at END, updated_at = ?
                        WHERE id = ?""")
                .params(desired.banned() ? BANNED : FREE, millis(desired.until()), desired.sanctionId(), applied, millis(appliedUntil), status,
                        attempts, error, status, false, freed && status.equals("done"), now, desired.banned(), state.generation(), now, state.id())
                .update();
    }

    private void failed(State state, DesiredState desired, SanctionFacts sanction, String error) {
        int attempts = state.attempts() + 1;
        long now = clock.millis();
        String shown = error == null ? "the peer failed" : error.length() > 500 ? error.substring(0, 500) : error;
        // An apply that failed may still have reached the peer: from now on a lift is owed if the ban goes.
        String applied = desired.banned() ? "unknown" : state.applied();
        jdbc.sql("""
                        UPDATE enforcement_state SET desired = ?, desired_until = ?, applied = ?, status = 'failed', attempts = ?, last_error = ?,
                            look_at = CASE WHEN generation = ? THEN ? ELSE look_at END, updated_at = ?
                        WHERE id = ?""")
                .params(desired.banned() ? BANNED : FREE, millis(desired.until()), applied, attempts, shown, state.generation(),
                        now + pause(attempts).toMillis(), now, state.id())
                .update();
        String operation = desired.banned() ? "apply" : "lift";
        log.warn("enforcement in space {} ({}) failed, attempt {}: {}", state.spaceId(), operation, attempts, shown);
        if (attempts >= ALERT_AFTER && !state.alerted()) {
            jdbc.sql("UPDATE enforcement_state SET alerted = ? WHERE id = ?").params(true, state.id()).update();
            events.publishEvent(new CaseStep(sanction.caseId(), null, CaseEvent.Kind.ENFORCEMENT_FAILED,
                    spaces.byId(state.spaceId()).map(Space::slug).orElse(state.spaceId())));
            events.publishEvent(new EnforcementFailed(sanction.id(), sanction.caseId(), state.spaceId(), operation));
        }
    }

    /** 30 s, 1 min, 2 min ... at most an hour between attempts. */
    static Duration pause(int attempts) {
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(attempts - 1, 20));
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }

    /** What the pair should be now, from enforcement's view of the sanctions: the bans in force on the person that cover the space. */
    DesiredState desiredOf(String personId, String spaceId) {
        List<DesiredState.Ban> bans = jdbc.sql("""
                        SELECT sanction_id, spaces, ends_at FROM enforcement_sanction
                        WHERE person_id = ? AND status = 'in-effect' AND kind IN ('timed-ban', 'ban')""")
                .param(personId)
                .query((row, n) -> {
                    long ends = row.getLong("ends_at");
                    Instant until = row.wasNull() ? null : Instant.ofEpochMilli(ends);
                    return List.of(row.getString("spaces").split(",")).contains(spaceId) ? new DesiredState.Ban(row.getString("sanction_id"), until) : null;
                })
                .list().stream().filter(java.util.Objects::nonNull).toList();
        return DesiredState.of(bans, clock.instant());
    }

    private State state(java.sql.ResultSet row) throws java.sql.SQLException {
        long until = row.getLong("applied_until");
        Instant appliedUntil = row.wasNull() ? null : Instant.ofEpochMilli(until);
        long desiredUntil = row.getLong("desired_until");
        Instant desiredEnd = row.wasNull() ? null : Instant.ofEpochMilli(desiredUntil);
        return new State(row.getString("id"), row.getString("person_id"), row.getString("space_id"), row.getString("desired"), desiredEnd,
                row.getString("applied"), appliedUntil, row.getString("status"), row.getInt("attempts"), row.getLong("generation"),
                row.getBoolean("alerted"), row.getString("sanction_id"));
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
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
        SanctionFacts sanction = visibleSanction(accountId, sanctionId);
        List<SpaceState> states = new ArrayList<>();
        for (String spaceId : sanction.spaceIds()) {
            jdbc.sql("SELECT * FROM enforcement_state WHERE person_id = ? AND space_id = ?").params(sanction.personId(), spaceId)
                    .query((row, n) -> spaceState(row)).optional()
                    .ifPresent(state -> spaces.byId(spaceId).ifPresent(space -> states.add(withSlug(state, space.slug()))));
        }
        return states;
    }

    private static SpaceState spaceState(java.sql.ResultSet row) throws java.sql.SQLException {
        long look = row.getLong("look_at");
        Instant next = row.wasNull() ? null : Instant.ofEpochMilli(look);
        long until = row.getLong("desired_until");
        Instant desiredUntil = row.wasNull() ? null : Instant.ofEpochMilli(until);
        long observedAt = row.getLong("observed_at");
        Instant observed = row.wasNull() ? null : Instant.ofEpochMilli(observedAt);
        return new SpaceState(row.getString("id"), row.getString("space_id"), null, BANNED.equals(row.getString("desired")) ? "apply" : "lift",
                row.getString("status"), row.getInt("attempts"), row.getString("last_error"), Instant.ofEpochMilli(row.getLong("updated_at")), next,
                row.getString("applied"), desiredUntil, row.getString("observed"), observed, row.getString("sanction_id"));
    }

    private static SpaceState withSlug(SpaceState state, String slug) {
        return new SpaceState(state.taskId(), state.spaceId(), slug, state.operation(), state.status(), state.attempts(), state.lastError(),
                state.updatedAt(), state.nextAttemptAt(), state.applied(), state.until(), state.observed(), state.observedAt(), state.decidedBy());
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
                        row.getString("action"), row.getString("space_id"), BANNED.equals(row.getString("desired")) ? "apply" : "lift",
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
        State state = stateFor(accountId, taskId);
        if (Set.of("done", "by-hand", "cancelled").contains(state.status())) throw new ConflictException("task", "this space holds what it should");
        long now = clock.millis();
        jdbc.sql("UPDATE enforcement_state SET look_at = ?, generation = generation + 1, updated_at = ? WHERE id = ?").params(now, now, state.id()).update();
        audit.record("retry", "enforcement-task", state.id(), sanction(state.sanctionId()).caseId());
    }

    /** A person brought the space to what it should be by hand (a space without an API, or a peer that keeps refusing). */
    @Transactional
    public void markDoneByHand(String accountId, String taskId) {
        State state = stateFor(accountId, taskId);
        if (Set.of("done", "by-hand", "cancelled").contains(state.status())) throw new ConflictException("task", "this task is finished");
        DesiredState desired = desiredOf(state.personId(), state.spaceId());
        jdbc.sql("""
                        UPDATE enforcement_state SET applied = ?, applied_until = ?, status = 'by-hand', done_by = ?, last_error = NULL,
                            look_at = NULL, updated_at = ? WHERE id = ?""")
                .params(desired.banned() ? BANNED : FREE, millis(desired.until()), accountId, clock.millis(), state.id()).update();
        audit.record("by-hand", "enforcement-task", state.id(), sanction(state.sanctionId()).caseId());
    }

    // ---- reconciliation ----

    /** What reconciliation found: pairs asked about, drift marked for the worker, and pairs whose peer could not be asked. */
    public record Reconciliation(int checked, int reapplied, int lifted, int unreachable) {
    }

    /**
     * Asks the peers about the pairs in force (driven there, or done by hand) and the pairs lifted within {@link #LIFT_GRACE}
     * that the peer has not yet confirmed free: never the whole history, so the calls follow what is in force. A ban
     * gone at the peer, or a lifted one still there, is drift: reported on the case and marked for the worker.
     */
    public Reconciliation reconcile() {
        int checked = 0;
        int reapplied = 0;
        int lifted = 0;
        int unreachable = 0;
        long now = clock.millis();
        List<State> watched = jdbc.sql("""
                        SELECT * FROM enforcement_state
                        WHERE look_at IS NULL AND ((desired = 'banned' AND status IN ('done', 'by-hand')) OR (desired = 'free' AND freed_at > ?))""")
                .param(now - LIFT_GRACE.toMillis()).query((row, n) -> state(row)).list();
        for (State state : watched) {
            Optional<SpaceConnectors.Configured> configured = connectors.settingsOf(state.spaceId())
                    .filter(found -> found.enabled() && found.connector() != null);
            if (configured.isEmpty()) continue;
            DesiredState desired = desiredOf(state.personId(), state.spaceId());
            SanctionFacts sanction = sanction(desired.banned() ? desired.sanctionId() : state.sanctionId());
            try {
                Optional<Boolean> observed = Optional.empty();
                for (IdentityHandle identity : identities(state.personId(), configured.get().connector())) {
                    Optional<Boolean> answer = configured.get().connector().applied(configured.get().settings(),
                            new Target(sanction.id(), sanction.action(), identity, desired.until(), "Code of Conduct sanction " + sanction.id()));
                    checked++;
                    if (answer.isEmpty()) continue;
                    // Banned is held only if every handle is kept out; free only if none is.
                    observed = Optional.of(desired.banned() ? observed.orElse(true) && answer.get() : observed.orElse(false) || answer.get());
                }
                if (observed.isEmpty()) continue;
                jdbc.sql("UPDATE enforcement_state SET observed = ?, observed_at = ? WHERE id = ?")
                        .params(observed.get() ? BANNED : FREE, now, state.id()).update();
                if (observed.get() == desired.banned()) {
                    if (!desired.banned()) jdbc.sql("UPDATE enforcement_state SET freed_at = NULL WHERE id = ?").param(state.id()).update();
                    continue;
                }
                jdbc.sql("UPDATE enforcement_state SET applied = 'unknown', look_at = ?, generation = generation + 1, updated_at = ? WHERE id = ?")
                        .params(now, now, state.id()).update();
                events.publishEvent(new CaseStep(sanction.caseId(), null, desired.banned() ? CaseEvent.Kind.ENFORCEMENT_DRIFT_REAPPLIED
                        : CaseEvent.Kind.ENFORCEMENT_DRIFT_LIFTED, configured.get().settings().spaceSlug()));
                if (desired.banned()) reapplied++; else lifted++;
            } catch (PeerException | RuntimeException e) {
                unreachable++;
            }
        }
        return new Reconciliation(checked, reapplied, lifted, unreachable);
    }

    // ---- internals ----

    private record SanctionFacts(String id, String caseId, String personId, String action, Instant until, String status, List<String> spaceIds) {
    }

    /** The person's handles (all their merged records) of the kinds this connector acts on. */
    private List<IdentityHandle> identities(String personId, Connector connector) {
        return people.handlesOf(personId).stream().filter(handle -> connector.identityKinds().contains(handle.kind())).toList();
    }

    private SanctionFacts sanction(String sanctionId) {
        return jdbc.sql("SELECT sanction_id, case_id, person_id, action, ends_at, status, spaces FROM enforcement_sanction WHERE sanction_id = ?")
                .param(sanctionId == null ? "" : sanctionId)
                .query((row, n) -> {
                    long ends = row.getLong("ends_at");
                    Instant until = row.wasNull() ? null : Instant.ofEpochMilli(ends);
                    String spaceIds = row.getString("spaces");
                    return new SanctionFacts(row.getString("sanction_id"), row.getString("case_id"), row.getString("person_id"), row.getString("action"),
                            until, row.getString("status"), spaceIds.isEmpty() ? List.of() : List.of(spaceIds.split(",")));
                }).optional().orElseThrow(() -> new NotFoundException("there is no such sanction"));
    }

    private SanctionFacts visibleSanction(String accountId, String sanctionId) {
        SanctionFacts sanction = sanction(sanctionId);
        if (!cases.maySee(cases.viewer(accountId), sanction.caseId())) throw new NotFoundException("there is no such sanction");
        return sanction;
    }

    private State stateFor(String accountId, String taskId) {
        State state = jdbc.sql("SELECT * FROM enforcement_state WHERE id = ?").param(taskId == null ? "" : taskId)
                .query((row, n) -> state(row)).optional().orElseThrow(() -> new NotFoundException("there is no such task"));
        visibleSanction(accountId, state.sanctionId());
        Account account = accounts.require(accountId);
        if (account.role() == Role.APPEAL_REVIEWER) throw new AccessDeniedException("only the committee acts on enforcement");
        return state;
    }
}
