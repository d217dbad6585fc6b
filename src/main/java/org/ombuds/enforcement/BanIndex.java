package org.ombuds.enforcement;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.sanctions.SanctionDecided;
import org.ombuds.sanctions.SanctionEnded;
import org.ombuds.sanctions.SanctionLifted;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The bans in effect, in memory, by the keyed fingerprint of every handle of every banned person: a ban check is a
 * hash lookup. Built at start; rebuilt at the first check after this node started or ended a sanction, and within a
 * few seconds of a change made by another node (a cheap change mark is compared at most every {@link #RECHECK_NANOS},
 * off the caller's thread; the checks use the previous index until the new one is ready).
 */
@Component
public class BanIndex {
    static final long RECHECK_NANOS = 2_000_000_000L;
    private final JdbcClient jdbc;
    private final People people;
    private final Clock clock;
    private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ban-index");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile Map<String, List<Ban>> bans;
    private volatile String mark = "";
    private volatile boolean stale;
    private volatile long checkedAt;

    BanIndex(JdbcClient jdbc, People people, Clock clock) {
        this.jdbc = jdbc;
        this.people = people;
        this.clock = clock;
    }

    /** A ban on a person: its sanction, the spaces it covers (their ids) and its end (null: none). */
    public record Ban(String sanctionId, Set<String> spaceIds, Long until) {
        boolean covers(String spaceId, long now) {
            return (spaceIds.isEmpty() || spaceIds.contains(spaceId)) && (until == null || until > now);
        }
    }

    /** The ban on this identity in this space now, if any; of several, the one that lasts longest. */
    public Optional<Ban> check(IdentityHandle identity, String spaceId) {
        Map<String, List<Ban>> current = bans;
        if (current == null || stale) current = rebuild();
        else if (System.nanoTime() - checkedAt > RECHECK_NANOS) refreshIfChanged();
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
        rebuild();
    }

    // Within the transaction that changes a sanction: mark the index stale once that transaction commits. (A synchronous
    // listener must not write after commit, where the event registry would mark it done, so nothing here touches the
    // database; the next check rebuilds.)
    @EventListener
    void decided(SanctionDecided decided) {
        if (Enforcement.BANS.contains(decided.action())) staleAfterCommit();
    }

    @EventListener
    void ended(SanctionEnded ended) {
        staleAfterCommit();
    }

    @EventListener
    void lifted(SanctionLifted lifted) {
        staleAfterCommit();
    }

    private void staleAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    stale = true;
                }
            });
        } else {
            stale = true;
        }
    }

    /** Another node may have changed something: compare the change mark, off the caller's thread. */
    private void refreshIfChanged() {
        checkedAt = System.nanoTime();
        if (!rebuilding.compareAndSet(false, true)) return;
        rebuilder.execute(() -> {
            try {
                if (!changeMark().equals(mark)) rebuild();
            } finally {
                rebuilding.set(false);
            }
        });
    }

    synchronized Map<String, List<Ban>> rebuild() {
        stale = false;
        String newMark = changeMark();
        Map<String, List<Ban>> index = new HashMap<>();
        jdbc.sql("SELECT id, person_id, spaces, ends_at FROM sanction WHERE status = 'in-effect' AND action IN ('temporary-ban', 'permanent-ban')")
                .query((row, n) -> {
                    long ends = row.getLong("ends_at");
                    Long until = row.wasNull() ? null : ends;
                    String spaces = row.getString("spaces");
                    return new Object[] {row.getString("person_id"),
                            new Ban(row.getString("id"), spaces.isEmpty() ? Set.of() : Set.of(spaces.split(",")), until)};
                }).list()
                .forEach(entry -> people.fingerprintsOf((String) entry[0])
                        .forEach(fingerprint -> index.computeIfAbsent(fingerprint, key -> new ArrayList<>()).add((Ban) entry[1])));
        bans = index;
        mark = newMark;
        checkedAt = System.nanoTime();
        return index;
    }

    private String changeMark() {
        return jdbc.sql("SELECT COUNT(*) FROM sanction WHERE status = 'in-effect'").query(Long.class).single() + "/"
                + jdbc.sql("SELECT COUNT(*) FROM sanction").query(Long.class).single() + "/" + people.changeMark();
    }
}
