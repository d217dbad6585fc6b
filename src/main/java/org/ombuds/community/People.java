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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People and their identity handles. A handle is stored twice: sealed (so staff can read it) and as a keyed
 * fingerprint (so it can be matched with an index, without decrypting anything or storing it in the clear).
 */
@Service
public class People {
    private static final String SEALED_CONTEXT = "identity_handle.sealed_value";
    private final JdbcClient jdbc;
    private final Sealer sealer;
    private final Fingerprints fingerprints;
    private final Clock clock;

    People(JdbcClient jdbc, Sealer sealer, Fingerprints fingerprints, Clock clock) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.fingerprints = fingerprints;
        this.clock = clock;
    }

    /** Finds the person known by any of these handles, or creates one; new handles are linked to them. */
    @Transactional
    public Person identify(Collection<IdentityHandle> handles) {
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
        for (IdentityHandle handle : handles) {
            if (ownerOf(handle).isEmpty()) insertHandle(personId, handle);
        }
        return require(personId);
    }

    @Transactional
    public Person addHandle(String personId, IdentityHandle handle) {
        require(personId);
        Optional<String> owner = ownerOf(handle);
        if (owner.isPresent() && !owner.get().equals(personId)) {
            throw new ConflictException("handle", "'" + handle + "' already belongs to another person; merge them instead");
        }
        if (owner.isEmpty()) insertHandle(personId, handle);
        return require(personId);
    }

    /** Moves every handle of {@code otherId} to {@code personId}; the other person record is removed. */
    @Transactional
    public Person merge(String personId, String otherId) {
        require(personId);
        require(otherId);
        if (personId.equals(otherId)) {
            throw new InvalidInputException("from", "a person cannot be merged with themselves");
        }
        jdbc.sql("UPDATE identity_handle SET person_id = ? WHERE person_id = ?").params(personId, otherId).update();
        jdbc.sql("UPDATE person SET merged_into = ? WHERE id = ?").params(personId, otherId).update();
        return require(personId);
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
     * no remaining case names them). The person records stay, without handles, so that the clear facts pointing at
     * them (a sanction that ended) still count; nothing left says who they were. Returns how many handles went.
     */
    @Transactional
    public int forget(String personId) {
        List<String> records = List.copyOf(sameAs(personId));
        if (records.isEmpty()) return 0;
        int removed = jdbc.sql("DELETE FROM identity_handle WHERE person_id IN (:persons)").param("persons", records).update();
        jdbc.sql("UPDATE person SET erased_at = :now WHERE id IN (:persons)").param("now", clock.millis()).param("persons", records).update();
        return removed;
    }

    public Optional<String> ownerOf(IdentityHandle handle) {
        return jdbc.sql("SELECT person_id FROM identity_handle WHERE fingerprint = ?").param(fingerprint(handle))
                .query(String.class).optional();
    }

    public Optional<Person> byHandle(IdentityHandle handle) {
        return ownerOf(handle).map(this::require);
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

    /** The fingerprint under which a handle is indexed; the same for every spelling of the same handle. */
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

    public String fingerprint(IdentityHandle handle) {
        return fingerprints.of(handle.toString());
    }

    private String create() {
        String id = Ids.newId();
        jdbc.sql("INSERT INTO person (id, created_at) VALUES (?, ?)").params(id, clock.millis()).update();
        return id;
    }

    private void insertHandle(String personId, IdentityHandle handle) {
        jdbc.sql("INSERT INTO identity_handle (id, person_id, kind, fingerprint, sealed_value, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), personId, handle.kind(), fingerprint(handle),
                        sealer.seal(handle.toString(), SEALED_CONTEXT), clock.millis())
                .update();
    }
}
