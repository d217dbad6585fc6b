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
import org.ombuds.community.People;
import org.ombuds.community.Person;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RefusedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A committee member confirms who a case is about (or who reported or witnessed it): the handles a report names are
 * the reporter's claims, and only this act links them to a person and makes that person a party, with a reason, on the
 * timeline and in the audit log. Parties are what sanctions, letters and recusal read, so the act follows the rules:
 * it may change the identity only of a person the member may change ({@link PersonAccess}); what would keep another
 * committee member from the case takes an admin; and no case is left without an admin ({@link CommitteeFloor}).
 * {@link #remove} undoes it.
 */
@Service
public class ConfirmingParties {
    public static final Set<String> ROLES = Set.of("subject", "reporter", "witness");
    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final PersonAccess personAccess;
    private final StaffIdentities staff;
    private final CommitteeFloor floor;
    private final PartyRecords parties;
    private final People people;
    private final Accounts accounts;
    private final Timeline timeline;
    private final AuditLog audit;

    ConfirmingParties(JdbcClient jdbc, CaseAccess access, PersonAccess personAccess, StaffIdentities staff, CommitteeFloor floor,
                      PartyRecords parties, People people, Accounts accounts, Timeline timeline, AuditLog audit) {
        this.jdbc = jdbc;
        this.access = access;
        this.personAccess = personAccess;
        this.staff = staff;
        this.floor = floor;
        this.parties = parties;
        this.people = people;
        this.accounts = accounts;
        this.timeline = timeline;
        this.audit = audit;
    }

    /**
     * What a member confirms: the person in {@code role} is known by these handles (typed, or taken from a report's
     * claims; {@code reportId} names that report), because of {@code reason}.
     */
    public record Confirmation(String role, List<String> handles, String reportId, String reason) {
    }

    /** Confirms a party; returns the party's id. */
    @Transactional
    public String confirm(Viewer viewer, String caseId, Confirmation confirmation) {
        CaseRow row = access.require(viewer, caseId, CaseAction.HANDLE);
        String role = confirmation.role() == null ? "subject" : confirmation.role().strip();
        if (!ROLES.contains(role)) throw new InvalidInputException("role", "role must be subject, reporter or witness");
        List<IdentityHandle> handles = handles(confirmation.handles());
        String reason = Recusals.required(confirmation.reason(), "say why these handles are this person: the committee reads it with the link");
        String reportId = confirmation.reportId() == null || confirmation.reportId().isBlank() ? null : confirmation.reportId().strip();
        if (reportId != null && jdbc.sql("SELECT COUNT(*) FROM case_report WHERE case_id = ? AND report_id = ?").params(caseId, reportId)
                .query(Integer.class).single() == 0) {
            throw new InvalidInputException("report", "this case has no such report");
        }

        Set<String> owners = people.ownersOf(handles.stream().map(people::fingerprint).toList());
        if (owners.size() > 1) {
            throw new ConflictException("handles", "these handles belong to " + owners.size() + " different people; merge them first, or confirm"
                    + " only the handles of one");
        }
        String known = owners.isEmpty() ? null : owners.iterator().next();
        boolean linksSomething = handles.stream().anyMatch(handle -> people.ownerOf(handle).isEmpty());
        if (known != null && linksSomething) {
            String refusal = personAccess.refusalToChange(viewer, known);
            if (refusal != null) throw new RefusedException("handles", refusal);
        }
        Set<String> members = new LinkedHashSet<>(staff.namedBy(handles.stream().map(people::fingerprint).toList()));
        if (known != null) members.addAll(staff.whoAre(Set.of(known)));
        members.remove(viewer.accountId());
        if (!members.isEmpty() && viewer.role() != Role.ADMIN) {
            throw new RefusedException("handles", "this is " + names(members) + " of the committee: confirming it keeps them from the case,"
                    + " which takes an admin");
        }
        List<String> reached = new ArrayList<>(List.of(caseId));
        if (known != null) reached.addAll(personAccess.casesNaming(known));
        return floor.keepingAnAdmin(reached, () -> {
            Person person = people.link(handles, IdentityAct.byStaff(viewer.accountId(), caseId, reason));
            String partyId = parties.insert(row, person.id(), role, reportId, viewer.accountId(), reason);
            timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.PARTY_CONFIRMED, person.id(), reason);
            audit.record("confirm", "party", partyId, caseId);
            return partyId;
        });
    }

    /** Takes a party off the case (confirmed in error), with a reason; the person's handles stay as they are. */
    @Transactional
    public void remove(Viewer viewer, String caseId, String partyId, String reason) {
        CaseRow row = access.require(viewer, caseId, CaseAction.HANDLE);
        String why = Recusals.required(reason, "say why this person is not a party after all");
        String personId = jdbc.sql("SELECT person_id FROM case_party WHERE id = ? AND case_id = ?").params(partyId == null ? "" : partyId, caseId)
                .query(String.class).optional().orElseThrow(() -> new NotFoundException("this case has no such party"));
        Set<String> members = new LinkedHashSet<>(staff.whoAre(Set.of(personId)));
        members.remove(viewer.accountId());
        if (!members.isEmpty() && viewer.role() != Role.ADMIN) {
            throw new RefusedException("party", "this is " + names(members) + " of the committee: taking them off lets them reach a case about"
                    + " them, which takes an admin");
        }
        jdbc.sql("DELETE FROM case_party WHERE id = ?").param(partyId).update();
        timeline.record(row.id(), viewer.accountId(), CaseEvent.Kind.PARTY_REMOVED, personId, why);
        audit.record("remove", "party", partyId, caseId);
    }

    static List<IdentityHandle> handles(List<String> texts) {
        if (texts == null || texts.isEmpty() || texts.size() > 20) {
            throw new InvalidInputException("handles", "give 1 to 20 handles such as github:name");
        }
        List<IdentityHandle> handles = new ArrayList<>();
        for (String text : texts) {
            if (text == null) throw new InvalidInputException("handles", "a handle is written kind:value, for example github:octocat");
            handles.add(IdentityHandle.parse(text));
        }
        return List.copyOf(new LinkedHashSet<>(handles));
    }

    private String names(Set<String> accountIds) {
        return String.join(", ", accountIds.stream().map(id -> accounts.byId(id).map(a -> a.name()).orElse(id)).toList());
    }
}
