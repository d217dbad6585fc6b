package org.ombuds.community;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ombuds.crypto.Fingerprints;
import org.ombuds.crypto.Sealer;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People and their identity handles. A handle is stored twice: sealed (so staff can read it) and as a keyed
 * fingerprint (so it can be matched with an index, without decrypting anything or storing it in the clear).
 * <p>
 * Every link here is an {@link IdentityAct}: a committee member (or an admin's import) said, with a reason, that this
 * handle is this person. Handles a report names are only the reporter's claims and never reach this table on their own
 * (the ban index, letters and recusal all read these links). Each change is kept in {@code identity_change}, so the
 * committee can see who linked what and why, and undo it ({@link #unlink}, {@link #unmerge}).
 * <p>
 * Over 300 lines on purpose: every change of who someone is passes through here, so that each is sealed, fingerprinted
 * and recorded in the history the same way.
 */
@Service
public class People {
    private static final String SEALED_CONTEXT = "identity_handle.sealed_value";
    private static final String CHANGE_HANDLE = "identity_change.sealed_handle";
    private static final String CHANGE_REASON = "identity_change.sealed_reason";
    private final JdbcClient jdbc;
    private final Sealer sealer;
    private final Fingerprints fingerprints;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    People(JdbcClient jdbc, Sealer sealer, Fingerprints fingerprints, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.fingerprints = fingerprints;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The person known by any of these handles, or a new one; the handles not yet known are linked to them. Handles of
     * two different people are refused: merging them is a decision of its own ({@link #merge}).
     */
    @Transactional
    public Person link(Collection<IdentityHandle> handles, IdentityAct act) {
        if (handles.isEmpty()) {
            throw new InvalidInputException("handles", "at least one handle is required");
        }
        Set<String> owners = new LinkedHashSet<>();
        for (IdentityHandle handle : handles) {
            ownerOf(handle).ifPresent(owners::add);
        }
        if (owners.size() > 1) {
            throw new ConflictException("handles", "these handles belong to " + owners.size()
                    + " different people; merge them first");
        }
        String personId = owners.isEmpty() ? create() : owners.iterator().next();
        boolean changed = false;
        for (IdentityHandle handle : new LinkedHashSet<>(handles)) {
            if (ownerOf(handle).isEmpty()) {
                insertHandle(personId, handle, act);
                changed = true;
            }
        }
        if (changed) events.publishEvent(new IdentityChanged(Set.of(personId)));
        return require(personId);
    }

    /** Links one more handle to a known person. */
    @Transactional
    public Person addHandle(String personId, IdentityHandle handle, IdentityAct act) {
        String resolved = require(personId).id();
        Optional<String> owner = ownerOf(handle);
        if (owner.isPresent() && !sameAs(resolved).contains(owner.get())) {
            throw new ConflictException("handle", "'" + handle + "' already belongs to another person; merge them instead");
        }
        if (owner.isEmpty()) {
            insertHandle(resolved, handle, act);
            events.publishEvent(new IdentityChanged(Set.of(resolved)));
        }
        return require(resolved);
    }

    /** Takes a handle away from the person (a link made in error): from then on it names nobody. */
    @Transactional
    public Person unlink(String personId, IdentityHandle handle, IdentityAct act) {
        Set<String> records = sameAs(require(personId).id());
        String fingerprint = fingerprint(handle);
        String owner = ownerOf(handle).filter(records::contains)
                .orElseThrow(() -> new NotFoundException("'" + handle + "' is not a handle of this person"));
        jdbc.sql("DELETE FROM identity_handle WHERE fingerprint = ?").param(fingerprint).update();
        recordChange(owner, "unlinked", handle, null, act);
        events.publishEvent(new IdentityChanged(records));
        return require(personId);
    }

    /** Moves every handle of {@code otherId} to {@code personId}; the other record points here from then on. */
    @Transactional
    public Person merge(String personId, String otherId, IdentityAct act) {
        String into = require(personId).id();
        String from = require(otherId).id();
        if (into.equals(from)) {
            throw new InvalidInputException("from", "a person cannot be merged with themselves");
        }
        jdbc.sql("UPDATE identity_handle SET merged_from = COALESCE(merged_from, person_id), person_id = ? WHERE person_id = ?")
                .params(into, from).update();
        jdbc.sql("UPDATE person SET merged_into = ? WHERE id = ?").params(into, from).update();
        recordChange(into, "merged", null, from, act);
        events.publishEvent(new IdentityChanged(Set.of(into, from)));
        return require(into);
    }

    /** Undoes {@link #merge}: the other record is a person of its own again, with the handles it brought. */
    @Transactional
    public Person unmerge(String personId, String otherId, IdentityAct act) {
        String into = require(personId).id();
        String merged = jdbc.sql("SELECT merged_into FROM person WHERE id = ?").param(otherId == null ? "" : otherId)
                .query(String.class).optional().orElse(null);
        if (merged == null || !merged.equals(into)) {
            throw new InvalidInputException("from", "that record was not merged into this person");
        }
        jdbc.sql("UPDATE identity_handle SET person_id = merged_from, merged_from = NULL WHERE person_id = ? AND merged_from = ?")
                .params(into, otherId).update();
        jdbc.sql("UPDATE person SET merged_into = NULL WHERE id = ?").param(otherId).update();
        recordChange(into, "unmerged", null, otherId, act);
        events.publishEvent(new IdentityChanged(Set.of(into, otherId)));
        return require(into);
    }

    /** Who linked what to this person (and the records merged with them), and why; oldest first. */
    public List<IdentityHistory> history(String personId) {
        return jdbc.sql("SELECT * FROM identity_change WHERE person_id IN (:persons) ORDER BY at, id")
                .param("persons", List.copyOf(sameAs(personId)))
                .query((row, n) -> {
                    String id = row.getString("id");
                    String sealedHandle = row.getString("sealed_handle");
                    return new IdentityHistory(java.time.Instant.ofEpochMilli(row.getLong("at")), row.getString("change"),
                            sealedHandle == null ? null : sealer.open(sealedHandle, CHANGE_HANDLE + ":" + id),
                            row.getString("other_person_id"), row.getString("actor_account_id"), row.getString("source"),
                            row.getString("case_id"), sealer.open(row.getString("sealed_reason"), CHANGE_REASON + ":" + id));
                }).list();
    }

    /**
     * Every person id that is this person: the record everything was merged into and every record merged into it,
     * so that a match on an old id (a case party recorded before a merge) still finds them.
     */
    public Set<String> sameAs(String personId) {
        if (personId == null) return Set.of();
        String root = personId;
        for (int hops = 0; hops < 100; hops++) {
            String next = jdbc.sql("SELECT merged_into FROM person WHERE id = ?").param(root).query(String.class).optional().orElse(null);
            if (next == null) break;
            root = next;
        }
        Set<String> ids = new LinkedHashSet<>(List.of(root));
        List<String> frontier = List.of(root);
        while (!frontier.isEmpty()) {
            frontier = jdbc.sql("SELECT id FROM person WHERE merged_into IN (:ids)").param("ids", frontier).query(String.class).list()
                    .stream().filter(ids::add).toList();
        }
        return ids;
    }

    /**
     * Removes every identity handle of the person and of the records merged with them (an erasure, or retention once
     * no remaining case names them), and the history of who linked them. The person records stay, without handles, so
     * that the clear facts pointing at them (a sanction that ended) still count; nothing left says who they were.
     * Returns how many handles went.
     */
    @Transactional
    public int forget(String personId) {
        List<String> records = List.copyOf(sameAs(personId));
        if (records.isEmpty()) return 0;
        int removed = jdbc.sql("DELETE FROM identity_handle WHERE person_id IN (:persons)").param("persons", records).update();
        jdbc.sql("DELETE FROM identity_change WHERE person_id IN (:persons)").param("persons", records).update();
        jdbc.sql("UPDATE person SET erased_at = :now WHERE id IN (:persons)").param("now", clock.millis()).param("persons", records).update();
        if (removed > 0) events.publishEvent(new IdentityChanged(Set.copyOf(records)));
        return removed;
    }

    public Optional<String> ownerOf(IdentityHandle handle) {
        return jdbc.sql("SELECT person_id FROM identity_handle WHERE fingerprint = ?").param(fingerprint(handle))
                .query(String.class).optional();
    }

    public Optional<Person> byHandle(IdentityHandle handle) {
        return ownerOf(handle).map(this::require);
    }

    /** The people (their resolved records) known by any of these fingerprints, each once. */
    public Set<String> ownersOf(Collection<String> fingerprints) {
        Set<String> owners = new LinkedHashSet<>();
        List<String> all = List.copyOf(new LinkedHashSet<>(fingerprints));
        for (int from = 0; from < all.size(); from += 500) {
            jdbc.sql("SELECT COALESCE(p.merged_into, p.id) FROM identity_handle h JOIN person p ON p.id = h.person_id WHERE h.fingerprint IN (:fingerprints)")
                    .param("fingerprints", all.subList(from, Math.min(all.size(), from + 500))).query(String.class).list()
                    .forEach(owners::add);
        }
        return owners;
    }

    /** Every handle of the person and of the records merged with them, each once, in the order they were added. */
    public List<IdentityHandle> handlesOf(String personId) {
        Set<IdentityHandle> handles = new LinkedHashSet<>();
        for (String same : sameAs(personId)) byId(same).ifPresent(person -> handles.addAll(person.handles()));
        return List.copyOf(handles);
    }

    /** The person's email address, if any of their (merged) records has one; the first in order when several do. */
    public Optional<String> emailOf(String personId) {
        return handlesOf(personId).stream().filter(handle -> handle.kind().equals("email")).map(IdentityHandle::value).sorted().findFirst();
    }

    public Optional<Person> byId(String personId) {
        String resolved = jdbc.sql("SELECT COALESCE(merged_into, id) FROM person WHERE id = ?").param(personId)
                .query(String.class).optional().orElse(null);
        if (resolved == null) return Optional.empty();
        List<IdentityHandle> handles = jdbc.sql("SELECT sealed_value FROM identity_handle WHERE person_id = ? ORDER BY created_at, id")
                .param(resolved)
                .query((row, n) -> IdentityHandle.parse(sealer.open(row.getString(1), SEALED_CONTEXT)))
                .list();
        return Optional.of(new Person(resolved, handles));
    }

    public Person require(String personId) {
        return byId(personId).orElseThrow(() -> new NotFoundException("there is no person " + personId));
    }

    /** The fingerprints of every handle of the person and of the records merged with them (to match without decrypting). */
    public Set<String> fingerprintsOf(String personId) {
        return new LinkedHashSet<>(jdbc.sql("SELECT fingerprint FROM identity_handle WHERE person_id IN (:persons)")
                .param("persons", List.copyOf(sameAs(personId))).query(String.class).list());
    }

    /**
     * {@link #fingerprintsOf(String)} for many people at once, in three queries whatever their number (for indexes
     * rebuilt often): the merges are followed in memory.
     */
    public Map<String, Set<String>> fingerprintsOf(Collection<String> personIds) {
        Map<String, String> mergedInto = new HashMap<>();
        jdbc.sql("SELECT id, merged_into FROM person WHERE merged_into IS NOT NULL")
                .query(row -> { mergedInto.put(row.getString(1), row.getString(2)); });
        Map<String, String> rootOf = new HashMap<>();
        Map<String, Set<String>> membersOf = new HashMap<>();
        for (String id : mergedInto.keySet()) membersOf.computeIfAbsent(root(id, mergedInto), key -> new HashSet<>()).add(id);
        Set<String> records = new HashSet<>();
        for (String personId : personIds) {
            String root = root(personId, mergedInto);
            rootOf.put(personId, root);
            records.add(root);
            records.addAll(membersOf.getOrDefault(root, Set.of()));
        }
        Map<String, Set<String>> byRoot = new HashMap<>();
        List<String> all = List.copyOf(records);
        for (int from = 0; from < all.size(); from += 500) {
            jdbc.sql("SELECT person_id, fingerprint FROM identity_handle WHERE person_id IN (:persons)")
                    .param("persons", all.subList(from, Math.min(all.size(), from + 500)))
                    .query(row -> {
                        byRoot.computeIfAbsent(root(row.getString(1), mergedInto), key -> new LinkedHashSet<>()).add(row.getString(2));
                    });
        }
        Map<String, Set<String>> found = new HashMap<>();
        for (String personId : personIds) found.put(personId, byRoot.getOrDefault(rootOf.get(personId), Set.of()));
        return found;
    }

    private static String root(String personId, Map<String, String> mergedInto) {
        String root = personId;
        for (int hops = 0; hops < 100 && mergedInto.containsKey(root); hops++) root = mergedInto.get(root);
        return root;
    }

    /** The fingerprint under which a handle is indexed; the same for every spelling of the same handle. */
    public String fingerprint(IdentityHandle handle) {
        return fingerprints.of(handle.toString());
    }

    private String create() {
        String id = Ids.newId();
        jdbc.sql("INSERT INTO person (id, created_at) VALUES (?, ?)").params(id, clock.millis()).update();
        return id;
    }

    private void insertHandle(String personId, IdentityHandle handle, IdentityAct act) {
        jdbc.sql("""
                        INSERT INTO identity_handle (id, person_id, kind, fingerprint, sealed_value, created_at, linked_by, link_source)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Ids.newId(), personId, handle.kind(), fingerprint(handle),
                        sealer.seal(handle.toString(), SEALED_CONTEXT), clock.millis(), act.actorAccountId(), act.source())
                .update();
        recordChange(personId, "linked", handle, null, act);
    }

    private void recordChange(String personId, String change, IdentityHandle handle, String otherPersonId, IdentityAct act) {
        String id = Ids.newId();
        jdbc.sql("""
                        INSERT INTO identity_change (id, person_id, change, sealed_handle, other_person_id, actor_account_id, source, case_id,
                            sealed_reason, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, personId, change, handle == null ? null : sealer.seal(handle.toString(), CHANGE_HANDLE + ":" + id), otherPersonId,
                        act.actorAccountId(), act.source(), act.caseId(), sealer.seal(act.reason(), CHANGE_REASON + ":" + id), clock.millis())
                .update();
    }
}
