package org.ombuds.cases;

import java.util.List;
import java.util.Set;

import org.ombuds.accounts.Role;
import org.ombuds.community.People;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may reach a person's record: people are reached only through cases. A member reads a person who is a party to
 * a case they may see; they change who that person is (link or unlink a handle, merge or separate records) only if
 * they decide cases (admins and moderators) and are kept from none of the cases that name the person, since a change
 * of identity reaches every one of them (their bans, letters and recusals). A person no case names is an admin's
 * to change.
 */
@Component
class PersonAccess {
    private final JdbcClient jdbc;
    private final People people;
    private final CaseAccess access;

    PersonAccess(JdbcClient jdbc, People people, CaseAccess access) {
        this.jdbc = jdbc;
        this.people = people;
        this.access = access;
    }

    /** The cases naming the person (any of their records) as a party. */
    List<String> casesNaming(String personId) {
        Set<String> records = people.sameAs(personId);
        if (records.isEmpty()) return List.of();
        return jdbc.sql("SELECT DISTINCT case_id FROM case_party WHERE person_id IN (:persons) ORDER BY case_id")
                .param("persons", List.copyOf(records)).query(String.class).list();
    }

    /** The cases naming the person that this viewer may see. */
    List<String> visibleCasesNaming(Viewer viewer, String personId) {
        return casesNaming(personId).stream().filter(caseId -> access.canSee(viewer, caseId)).toList();
    }

    boolean mayRead(Viewer viewer, String personId) {
        return !visibleCasesNaming(viewer, personId).isEmpty();
    }

    /** Why this viewer may not change who the person is, or null when they may. */
    String refusalToChange(Viewer viewer, String personId) {
        if (viewer.role() != Role.ADMIN && viewer.role() != Role.MODERATOR) return "only admins and moderators change who someone is";
        List<String> naming = casesNaming(personId);
        if (naming.isEmpty()) return viewer.role() == Role.ADMIN ? null : "this person is on no case you handle; an admin can change their record";
        if (naming.stream().anyMatch(caseId -> !access.canSee(viewer, caseId))) {
            return "you are kept from a case about this person, so you cannot change who they are; ask another member";
        }
        return null;
    }
}
