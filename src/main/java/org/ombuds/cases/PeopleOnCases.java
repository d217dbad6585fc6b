package org.ombuds.cases;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.community.IdentityAct;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.IdentityHistory;
import org.ombuds.community.People;
import org.ombuds.community.Person;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RefusedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people the cases name, for staff: read through a case the reader may see, changed (a handle linked or unlinked,
 * two records merged or separated) only under {@link PersonAccess}'s rules, with a reason; a change that touches a
 * committee member's own identity takes an admin, and none may leave a case without an admin. Every read and change is
 * in the audit log. Someone nobody can reach is "not found", whether they exist or not.
 */
@Service
public class PeopleOnCases {
    private final People people;
    private final PersonAccess access;
    private final StaffIdentities staff;
    private final CommitteeFloor floor;
    private final Accounts accounts;
    private final AuditLog audit;

    PeopleOnCases(People people, PersonAccess access, StaffIdentities staff, CommitteeFloor floor, Accounts accounts, AuditLog audit) {
        this.people = people;
        this.access = access;
        this.staff = staff;
        this.floor = floor;
        this.accounts = accounts;
        this.audit = audit;
    }

    /** A person as staff see them: their handles, the cases naming them that the reader may see, and how they came to be. */
    public record PersonRecord(String id, List<String> handles, List<String> cases, List<IdentityHistory> history) {
    }

    @Transactional
    public PersonRecord read(Viewer viewer, String personId) {
        String id = reachable(viewer, personId);
        audit.record("read", "person", id, null);
        return record(viewer, id);
    }

    @Transactional
    public PersonRecord byHandle(Viewer viewer, String handle) {
        String owner = people.ownerOf(IdentityHandle.parse(handle)).orElseThrow(PeopleOnCases::notFound);
        return read(viewer, owner);
    }

    /**
     * Records a person known by these handles outside any case (admins; for example before a data-subject request), or
     * links the unknown ones to the person the known ones already name.
     */
    @Transactional
    public PersonRecord record(Viewer viewer, List<String> handles, String reason) {
        if (viewer.role() != Role.ADMIN) throw new RefusedException("handles", "only admins record people outside a case; confirm them on the case");
        List<IdentityHandle> parsed = ConfirmingParties.handles(handles);
        String why = Recusals.required(reason, "say why you record this person");
        Set<String> owners = people.ownersOf(parsed.stream().map(people::fingerprint).toList());
        List<String> reached = new ArrayList<>();
        for (String owner : owners) {
            refuseChange(viewer, owner);
            reached.addAll(access.casesNaming(owner));
        }
        checkStaff(viewer, parsed, owners);
        Person person = floor.keepingAnAdmin(reached, () -> people.link(parsed, IdentityAct.byStaff(viewer.accountId(), null, why)));
        audit.record("link", "person", person.id(), null);
        return record(viewer, person.id());
    }

    @Transactional
    public PersonRecord addHandle(Viewer viewer, String personId, String handle, String reason) {
        String id = changeable(viewer, personId);
        IdentityHandle parsed = IdentityHandle.parse(handle);
        String why = Recusals.required(reason, "say why this handle is this person");
        checkStaff(viewer, List.of(parsed), Set.of(id));
        floor.keepingAnAdmin(access.casesNaming(id), () -> people.addHandle(id, parsed, IdentityAct.byStaff(viewer.accountId(), null, why)));
        audit.record("link", "person", id, null);
        return record(viewer, id);
    }

    @Transactional
    public PersonRecord unlink(Viewer viewer, String personId, String handle, String reason) {
        String id = changeable(viewer, personId);
        String why = Recusals.required(reason, "say why this handle is not this person");
        checkStaff(viewer, List.of(), Set.of(id));
        people.unlink(id, IdentityHandle.parse(handle), IdentityAct.byStaff(viewer.accountId(), null, why));
        audit.record("unlink", "person", id, null);
        return record(viewer, id);
    }

    @Transactional
    public PersonRecord merge(Viewer viewer, String personId, String otherId, String reason) {
        String into = changeable(viewer, personId);
        String from = changeable(viewer, otherId);
        String why = Recusals.required(reason, "say why these records are the same person");
        checkStaff(viewer, List.of(), Set.of(into, from));
        List<String> reached = new ArrayList<>(access.casesNaming(into));
        reached.addAll(access.casesNaming(from));
        floor.keepingAnAdmin(reached, () -> people.merge(into, from, IdentityAct.byStaff(viewer.accountId(), null, why)));
        audit.record("merge", "person", into, null);
        audit.record("merge", "person", from, null);
        return record(viewer, into);
    }

    @Transactional
    public PersonRecord unmerge(Viewer viewer, String personId, String otherId, String reason) {
        String into = changeable(viewer, personId);
        String why = Recusals.required(reason, "say why these records are not the same person");
        checkStaff(viewer, List.of(), Set.of(into));
        people.unmerge(into, otherId, IdentityAct.byStaff(viewer.accountId(), null, why));
        audit.record("unmerge", "person", into, null);
        return record(viewer, into);
    }

    private PersonRecord record(Viewer viewer, String personId) {
        Person person = people.require(personId);
        return new PersonRecord(person.id(), person.handles().stream().map(IdentityHandle::toString).toList(),
                access.visibleCasesNaming(viewer, person.id()), people.history(person.id()));
    }

    /** The person's record id, if the viewer may read it; otherwise "not found", as for nobody at all. */
    private String reachable(Viewer viewer, String personId) {
        String id = people.byId(personId == null ? "" : personId).map(Person::id).orElseThrow(PeopleOnCases::notFound);
        boolean unnamed = access.casesNaming(id).isEmpty();
        if (access.mayRead(viewer, id) || (unnamed && viewer.role() == Role.ADMIN)) return id;
        throw notFound();
    }

    private String changeable(Viewer viewer, String personId) {
        String id = reachable(viewer, personId);
        refuseChange(viewer, id);
        return id;
    }

    private void refuseChange(Viewer viewer, String personId) {
        String refusal = access.refusalToChange(viewer, personId);
        if (refusal != null) throw new RefusedException("handle", refusal);
    }

    /** A change to a committee member's own identity (or one that would make a handle theirs) takes an admin. */
    private void checkStaff(Viewer viewer, List<IdentityHandle> handles, Set<String> personIds) {
        if (viewer.role() == Role.ADMIN) return;
        Set<String> members = new LinkedHashSet<>(staff.namedBy(handles.stream().map(people::fingerprint).toList()));
        members.addAll(staff.whoAre(personIds));
        members.remove(viewer.accountId());
        if (!members.isEmpty()) {
            throw new RefusedException("handle", "this changes who a member of the committee is ("
                    + String.join(", ", members.stream().map(id -> accounts.byId(id).map(a -> a.name()).orElse(id)).toList())
                    + "), which takes an admin");
        }
    }

    private static NotFoundException notFound() {
        return new NotFoundException("nobody you may see is known by this");
    }
}
