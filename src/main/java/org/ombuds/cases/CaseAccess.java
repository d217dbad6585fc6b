package org.ombuds.cases;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.CaseVisibility;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The one place that decides who may reach a case. Every query for cases adds {@link #visibleTo} (or, for the
 * queue's scans, {@link #visibleToScan}, the same condition in a shape that is cheap over many rows), so a recused
 * staff member gets "not found" from every path: lists, search, direct URL, API, attachments, notes, the audit
 * log and notifications. A staff member is recused when they declared a conflict, were recused by an admin, are named
 * by the report that opened the case (until an admin decides), or are one of the case's confirmed parties (subject,
 * reporter, witness) through a linked identity. A report's own claims never make anyone a party.
 * Appeal reviewers see only cases they are assigned to, or on which they review an appeal (read-only).
 */
@Component
public class CaseAccess implements CaseVisibility {
    private static final String NOBODY = "-";
    /** An appeal reviewer reaches the cases they are assigned to, and a case while they review an appeal on it. */
    private static final String REVIEWER_REACH = """
            (EXISTS (SELECT 1 FROM case_assignee a WHERE a.case_id = c.id AND a.account_id = :viewer)
             OR EXISTS (SELECT 1 FROM case_review_grant g WHERE g.case_id = c.id AND g.account_id = :viewer AND g.revoked_at IS NULL))""";
    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final People people;

    CaseAccess(JdbcClient jdbc, Accounts accounts, People people) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.people = people;
    }

    /** The viewer for an account, with every person id that account is. */
    public Viewer viewer(String accountId) {
        Account account = accounts.require(accountId);
        Set<String> persons = new LinkedHashSet<>(people.sameAs(account.personId()));
        people.ownerOf(IdentityHandle.parse("email:" + account.email())).ifPresent(owner -> persons.addAll(people.sameAs(owner)));
        return new Viewer(account.id(), account.role(), Set.copyOf(persons));
    }

    /** An SQL condition on the case table aliased {@code c}, with its named parameters. */
    record Clause(String sql, Map<String, Object> params) {
    }

    Clause visibleTo(Viewer viewer) {
        Map<String, Object> params = new HashMap<>();
        params.put("viewer", viewer.accountId());
        params.put("persons", viewer.personIds().isEmpty() ? List.of(NOBODY) : List.copyOf(viewer.personIds()));
        String sql = """
                NOT EXISTS (SELECT 1 FROM case_recusal r WHERE r.case_id = c.id AND r.account_id = :viewer)
                AND NOT EXISTS (SELECT 1 FROM case_party p WHERE p.case_id = c.id AND p.person_id IN (:persons))""";
        if (viewer.role() == Role.APPEAL_REVIEWER) {
            sql += "\nAND " + REVIEWER_REACH;
        }
        return new Clause(sql, params);
    }

    /**
     * The same condition as {@link #visibleTo} for queries that scan many cases (the queue): the cases kept from
     * this viewer are one uncorrelated set the database builds once per query, instead of two lookups per case.
     */
    Clause visibleToScan(Viewer viewer) {
        Map<String, Object> params = new HashMap<>();
        params.put("viewer", viewer.accountId());
        params.put("persons", viewer.personIds().isEmpty() ? List.of(NOBODY) : List.copyOf(viewer.personIds()));
        String sql = """
                c.id NOT IN (SELECT r.case_id FROM case_recusal r WHERE r.account_id = :viewer
                             UNION ALL SELECT p.case_id FROM case_party p WHERE p.person_id IN (:persons))""";
        if (viewer.role() == Role.APPEAL_REVIEWER) {
            sql += "\nAND " + REVIEWER_REACH;
        }
        return new Clause(sql, params);
    }

    /** The case, if this viewer may do this with it: 404 when they may not see it, 403 when they may only look. */
    CaseRow require(Viewer viewer, String caseId, CaseAction action) {
        Clause visible = visibleTo(viewer);
        CaseRow row = jdbc.sql("SELECT c.* FROM case_file c WHERE c.id = :id AND " + visible.sql())
                .params(visible.params()).param("id", caseId == null ? "" : caseId)
                .query(CaseRow::map).optional()
                .orElseThrow(() -> new NotFoundException("there is no case " + org.ombuds.platform.Slugs.printable(String.valueOf(caseId))));
        if (!permits(viewer, caseId, action)) {
            throw new AccessDeniedException("not permitted");
        }
        return row;
    }

    /** Whether a viewer who can see the case may also do this with it. */
    boolean permits(Viewer viewer, String caseId, CaseAction action) {
        if (action == CaseAction.LIST || action == CaseAction.READ) return true;
        switch (viewer.role()) {
            case ADMIN:
                return true;
            case MODERATOR:
                // Recusing someone else (and lifting a recusal) is an admin's: a moderator, lead or not, cannot shrink the committee.
                if (action == CaseAction.RECUSE) return false;
                if (action == CaseAction.EXPORT) return isAssigned(viewer.accountId(), caseId);
                if (action == CaseAction.HOLD) return false;
                return true;
            default:
                return false;
        }
    }

    boolean isAssigned(String accountId, String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM case_assignee WHERE case_id = ? AND account_id = ?").params(caseId, accountId)
                .query(Integer.class).single() > 0;
    }

    /** Whether this account may see the case at all (for notifications and the audit log). */
    public boolean canSee(String accountId, String caseId) {
        return canSee(viewer(accountId), caseId);
    }

    /** Whether this viewer may see the case; for callers that already hold the viewer. */
    boolean canSee(Viewer viewer, String caseId) {
        Clause visible = visibleTo(viewer);
        return jdbc.sql("SELECT COUNT(*) FROM case_file c WHERE c.id = :id AND " + visible.sql())
                .params(visible.params()).param("id", caseId).query(Integer.class).single() > 0;
    }

    /** Whether the account is kept from the case by a recusal or by being one of its parties (whatever its role). */
    boolean recused(String accountId, String caseId) {
        Viewer viewer = viewer(accountId);
        return !canSee(new Viewer(viewer.accountId(), Role.MODERATOR, viewer.personIds()), caseId);
    }

    @Override
    public Predicate<String> casesVisibleTo(String accountId) {
        Viewer viewer = viewer(accountId);
        Map<String, Boolean> seen = new HashMap<>();
        return caseId -> seen.computeIfAbsent(caseId, id -> canSee(viewer, id));
    }
}
