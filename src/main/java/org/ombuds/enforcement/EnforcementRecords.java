package org.ombuds.enforcement;

import static org.ombuds.platform.Rows.instant;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The enforcement state table's rows as the activities read them ({@link MarkingPairs}, {@link DrivingSpaces},
 * {@link ReconcilingSpaces}, {@link Enforcement}), what a pair should hold from enforcement's view of the sanctions, and the
 * facts of a sanction and a person's handles that a peer is called with.
 */
@Component
class EnforcementRecords {
    static final String BANNED = "banned";
    static final String FREE = "free";

    private final JdbcClient jdbc;
    private final People people;
    private final Clock clock;

    EnforcementRecords(JdbcClient jdbc, People people, Clock clock) {
        this.jdbc = jdbc;
        this.people = people;
        this.clock = clock;
    }

    /** A pair's row: what it should hold, what Ombuds last left at the peer, how far the worker got. */
    record State(String id, String personId, String spaceId, String desired, Instant desiredUntil, String applied, Instant appliedUntil,
                 String status, int attempts, long generation, boolean alerted, String sanctionId) {
    }

    /** A sanction as enforcement's view holds it. */
    record SanctionFacts(String id, String caseId, String personId, String action, Instant until, String status, List<String> spaceIds) {
        /** What a peer is told: this sanction, on one handle, until the end the space should hold (neutral words, never content). */
        Target target(IdentityHandle identity, Instant end) {
            return new Target(id, action, identity, end, "Code of Conduct sanction " + id);
        }
    }

    /** What the pair should be now, from enforcement's view of the sanctions: the bans in force on the person that cover the space. */
    DesiredState desiredOf(String personId, String spaceId) {
        List<DesiredState.Ban> bans = jdbc.sql("""
                        SELECT sanction_id, spaces, ends_at FROM enforcement_sanction
                        WHERE person_id = ? AND status = 'in-effect' AND kind IN ('timed-ban', 'ban')""")
                .param(personId)
                .query((row, n) -> {
                    Instant until = instant(row, "ends_at");
                    return List.of(row.getString("spaces").split(",")).contains(spaceId) ? new DesiredState.Ban(row.getString("sanction_id"), until) : null;
                })
                .list().stream().filter(Objects::nonNull).toList();
        return DesiredState.of(bans, clock.instant());
    }

    State state(java.sql.ResultSet row) throws java.sql.SQLException {
        Instant appliedUntil = instant(row, "applied_until");
        Instant desiredEnd = instant(row, "desired_until");
        return new State(row.getString("id"), row.getString("person_id"), row.getString("space_id"), row.getString("desired"), desiredEnd,
                row.getString("applied"), appliedUntil, row.getString("status"), row.getInt("attempts"), row.getLong("generation"),
                row.getBoolean("alerted"), row.getString("sanction_id"));
    }

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** The person's handles (all their merged records) of the kinds this connector acts on. */
    List<IdentityHandle> identities(String personId, Connector connector) {
        return people.handlesOf(personId).stream().filter(handle -> connector.identityKinds().contains(handle.kind())).toList();
    }

    SanctionFacts sanction(String sanctionId) {
        return jdbc.sql("SELECT sanction_id, case_id, person_id, action, ends_at, status, spaces FROM enforcement_sanction WHERE sanction_id = ?")
                .param(sanctionId == null ? "" : sanctionId)
                .query((row, n) -> {
                    Instant until = instant(row, "ends_at");
                    String spaceIds = row.getString("spaces");
                    return new SanctionFacts(row.getString("sanction_id"), row.getString("case_id"), row.getString("person_id"), row.getString("action"),
                            until, row.getString("status"), spaceIds.isEmpty() ? List.of() : List.of(spaceIds.split(",")));
                }).optional().orElseThrow(() -> new NotFoundException("there is no such sanction"));
    }
}
