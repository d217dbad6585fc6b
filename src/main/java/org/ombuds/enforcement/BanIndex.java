package org.ombuds.enforcement;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ombuds.community.IdentityChanged;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.sanctions.SanctionDecided;
import org.ombuds.sanctions.SanctionEnded;
import org.ombuds.sanctions.SanctionLifted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The bans in effect, in memory, by the keyed fingerprint of every handle of every banned person: a ban check is a
 * hash lookup. Loaded in full at start, and again:
 * <ul>
 * <li>at the first check after a transaction on this node started or ended a sanction (that check waits for it);</li>
 * <li>on PostgreSQL, as soon as another node's change commits: a trigger on enforcement's view of the sanctions
 * ({@link SanctionView}) sends a NOTIFY in the changing transaction, heard by {@link BanIndexNotifications} on a
 * connection of its own;</li>
 * <li>at the first check after a handle was linked to or taken from a person on this node ({@link IdentityChanged}), and
 * on PostgreSQL after another node's (a trigger on identity_handle);</li>
 * <li>as a safety net for what no event announces (a change made by the command line or while the listening connection
 * was down): off the checks' thread, at most every {@code reloadInterval} while
 * checks come in (2 s; 10 s on PostgreSQL while notifications are heard). The checks use the previous index meanwhile.</li>
 * </ul>
 * A load reads only the bans in effect and their people's handles, so it is cheap, and it replaces the index outright:
 * there is no change mark to compare (a count, which a delete and an add in between would leave unchanged).
 */
@Component
public class BanIndex {
    private static final Logger log = LoggerFactory.getLogger(BanIndex.class);
    private final JdbcClient jdbc;
    private final People people;
    private final Clock clock;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ban-index");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean loadQueued = new AtomicBoolean();
    private volatile Duration reloadInterval;
    private volatile Map<String, List<Ban>> bans;
    // Committed changes counted, and the count the installed index was read after: a load that began before a change
    // (a notification's, on another thread) never passes for fresh, and a check never uses an index older than a change
    // it knows of.
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private volatile long loadedAfter = -1;
    private volatile long loadedAt;

    BanIndex(JdbcClient jdbc, People people, Clock clock, @Value("${ombuds.enforcement.ban-index-reload:2s}") Duration reloadInterval) {
        this.jdbc = jdbc;
        this.people = people;
        this.clock = clock;
        this.reloadInterval = reloadInterval;
    }

    /**
     * A ban on a person: its sanction, that sanction's case (kept here so that a staff check can tell whether the caller
     * may see it without reading the sanction), the spaces it covers (their ids) and its end (null: none).
     */
    public record Ban(String sanctionId, String caseId, Set<String> spaceIds, Long until) {
        boolean covers(String spaceId, long now) {
            return (spaceIds.isEmpty() || spaceIds.contains(spaceId)) && (until == null || until > now);
        }
    }

    /** The ban on this identity in this space now, if any; of several, the one that lasts longest. */
    public Optional<Ban> check(IdentityHandle identity, String spaceId) {
        Map<String, List<Ban>> current = bans;
        if (current == null || loadedAfter < changes.get()) current = reload();
        else if (System.nanoTime() - loadedAt > reloadInterval.toNanos()) reloadInBackground();
        long now = clock.millis();
        Ban found = null;
        for (Ban ban : current.getOrDefault(people.fingerprint(identity), List.of())) {
            if (!ban.covers(spaceId, now)) continue;
            if (found == null || ban.until() == null || (found.until() != null && ban.until() > found.until())) found = ban;
        }
        return Optional.ofNullable(found);
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        reload();
    }

    // Within the transaction that changes a sanction: mark the index stale once that transaction commits. (A synchronous
    // listener must not write after commit, where the event registry would mark it done, so nothing here touches the
    // database; the next check rebuilds.)
    @EventListener
    void decided(SanctionDecided decided) {
        if (decided.kind().bans()) staleAfterCommit();
    }

    @EventListener
    void ended(SanctionEnded ended) {
        staleAfterCommit();
    }

    @EventListener
    void lifted(SanctionLifted lifted) {
        staleAfterCommit();
    }

    /** A handle linked to or taken from a person changes whom their bans reach. */
    @EventListener
    void identityChanged(IdentityChanged changed) {
        staleAfterCommit();
    }

    private void staleAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    changes.incrementAndGet();
                }
            });
        } else {
            changes.incrementAndGet();
        }
    }

    /** Loads the index again on its own thread (at most one load queued at a time); a failed load keeps the old index. */
    void reloadInBackground() {
        loadedAt = System.nanoTime(); // no second request while this one waits
        if (!loadQueued.compareAndSet(false, true)) return;
        loader.execute(() -> {
            loadQueued.set(false);
            try {
                reload();
            } catch (DataAccessException e) {
                log.warn("ban index: could not load the bans, the previous index stays in use: {}", e.getClass().getSimpleName());
            }
        });
    }

    /** How often the safety-net load may run (longer while change notifications are heard). */
    void reloadInterval(Duration interval) {
        reloadInterval = interval;
    }

    synchronized Map<String, List<Ban>> reload() {
        long seen = changes.get(); // loads run one at a time, each reading after the last: the later, the fresher
        record Row(String personId, Ban ban) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT sanction_id, case_id, person_id, spaces, ends_at FROM enforcement_sanction
                        WHERE status = 'in-effect' AND kind IN ('timed-ban', 'ban')""")
                .query((row, n) -> {
                    long ends = row.getLong("ends_at");
                    Long until = row.wasNull() ? null : ends;
                    String spaces = row.getString("spaces");
                    return new Row(row.getString("person_id"),
                            new Ban(row.getString("sanction_id"), row.getString("case_id"), spaces.isEmpty() ? Set.of() : Set.of(spaces.split(",")), until));
                }).list();
        Map<String, Set<String>> fingerprints = people.fingerprintsOf(rows.stream().map(Row::personId).distinct().toList());
        Map<String, List<Ban>> index = new HashMap<>();
        for (Row row : rows) {
            for (String fingerprint : fingerprints.get(row.personId())) index.computeIfAbsent(fingerprint, key -> new ArrayList<>()).add(row.ban());
        }
        bans = index;
        loadedAfter = seen;
        loadedAt = System.nanoTime();
        return index;
    }
}
