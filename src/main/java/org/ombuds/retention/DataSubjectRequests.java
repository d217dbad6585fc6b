package org.ombuds.retention;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.accounts.Role;
import org.ombuds.appeals.Appeals;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseRetention;
import org.ombuds.cases.Cases;
import org.ombuds.cases.Viewer;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.intake.Claim;
import org.ombuds.intake.Intake;
import org.ombuds.intake.ReportContent;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.sanctions.SanctionRetention;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Data-subject requests, answered by an admin: the export of everything held about a person (all their handles, merged
 * records included), and erasure. An admin kept from any case about the person (recused, or a party) cannot answer for
 * it: another admin must. Both are audited (ids only).
 */
@Service
public class DataSubjectRequests {
    static final String ERASED = "[erased]";
    private final People people;
    private final Cases cases;
    private final CaseRetention caseRetention;
    private final Intake intake;
    private final SanctionRetention sanctions;
    private final Appeals appeals;
    private final AuditLog audit;
    private final Clock clock;

    DataSubjectRequests(People people, Cases cases, CaseRetention caseRetention, Intake intake, SanctionRetention sanctions, Appeals appeals,
                        AuditLog audit, Clock clock) {
        this.people = people;
        this.cases = cases;
        this.caseRetention = caseRetention;
        this.intake = intake;
        this.sanctions = sanctions;
        this.appeals = appeals;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The person known by this handle ({@code kind:value}); 404 when nobody is. A handle that reports name but no member
     * confirmed as anyone's is not a person yet: the answer says so, so that the committee confirms it first.
     */
    public String personByHandle(String handle) {
        IdentityHandle parsed = IdentityHandle.parse(handle);
        return people.ownerOf(parsed).orElseThrow(() -> {
            List<String> naming = new ArrayList<>();
            for (String role : List.of(Claim.SUBJECT, Claim.REPORTER, Claim.WITNESS)) naming.addAll(intake.claiming(role, List.of(people.fingerprint(parsed))));
            return naming.isEmpty() ? new NotFoundException("nobody is known by this handle")
                    : new ConflictException("handle", naming.stream().distinct().count() + " report(s) name this handle, but no member confirmed"
                    + " whose it is; confirm the person on the case, then answer the request");
        });
    }

    /** The export, for an admin who may see every case about the person. */
    @Transactional
    public PersonExport export(Viewer viewer, String personId) {
        Set<String> same = checked(viewer, personId);
        audit.record("export", "person", personId, null);
        return gather(personId, same);
    }

    /** The export from the command line: the operator has the data folder and keys already, so no viewer applies. */
    @Transactional
    public PersonExport exportLocally(String personId) {
        Set<String> same = existing(personId);
        audit.recordAs("system", "export", "person", personId, null, "local");
        return gather(personId, same);
    }

    /** What an erasure did, and what it kept and why. */
    public record Erasure(String personId, int reportsPurged, int reportsRedacted, int handlesRemoved, List<String> kept) {
    }

    /**
     * Erases the person: the reports they filed are purged (content, files, keys), their name and handles are taken
     * out of reports about them, their handles removed. While a sanction on them is in effect, their handles and the
     * reports about them stay (the sanction must remain enforceable); a case under legal hold refuses the erasure.
     * The audit log holds ids only, so it stays as it is and its chain verifies.
     */
    @Transactional
    public Erasure erase(Viewer viewer, String personId) {
        Set<String> same = checked(viewer, personId);
        List<CaseRetention.PartyCase> held = caseRetention.casesOf(same).stream().filter(CaseRetention.PartyCase::legalHold).toList();
        if (!held.isEmpty()) {
            throw new ConflictException("person", "this person is named in a case under legal hold (" + held.get(0).codeName()
                    + "); nothing was erased: release the hold first, or keep the data while it stands");
        }
        int purged = intake.purge(intake.filedBy(same));
        List<String> kept = new ArrayList<>();
        int redacted = 0;
        int handles = 0;
        if (sanctions.inEffectFor(same)) {
            kept.add("identity handles and reports about them: a sanction on them is in effect and must stay enforceable;"
                    + " retention removes them once it has ended");
        } else {
            List<String> about = intake.about(same);
            intake.forgetReportedPerson(about, ERASED);
            redacted = about.size();
            handles = people.forget(personId);
        }
        kept.add("the audit log (ids and times only, no content)");
        kept.add("counts for transparency: dates, categories, actions, statuses");
        audit.record("erase", "person", personId, null);
        return new Erasure(personId, purged, redacted, handles, kept);
    }

    private Set<String> checked(Viewer viewer, String personId) {
        if (viewer.role() != Role.ADMIN) throw new AccessDeniedException("only admins answer data-subject requests");
        Set<String> same = existing(personId);
        for (CaseRetention.PartyCase partyCase : caseRetention.casesOf(same)) {
            if (!caseRetention.maySee(viewer, partyCase.caseId())) {
                throw new ConflictException("person", "you are kept from a case about this person (recused, or a party to it);"
                        + " another admin must answer this request");
            }
        }
        return same;
    }

    private Set<String> existing(String personId) {
        people.byId(personId == null ? "" : personId).orElseThrow(() -> new NotFoundException("there is no such person"));
        return people.sameAs(personId);
    }

    private PersonExport gather(String personId, Set<String> same) {
        List<String> handles = people.handlesOf(personId).stream().map(IdentityHandle::toString).toList();
        List<CaseRetention.PartyCase> partyCases = caseRetention.casesOf(same);
        List<String> filed = intake.filedBy(same);
        List<String> about = intake.about(same);
        Redaction redaction = redaction(same, handles, partyCases, filed, about);
        java.util.Map<String, String> caseOfReport = new java.util.HashMap<>();
        partyCases.forEach(c -> cases.reportIdsOf(c.caseId()).forEach(report -> caseOfReport.put(report, c.caseId())));

        List<PersonExport.FiledReport> reportsFiled = filed.stream().map(id -> {
            Intake.ReportFacts facts = intake.facts(id);
            ReportContent content = intake.content(id);
            List<PersonExport.Message> messages = intake.conversation(id).stream()
                    .map(m -> new PersonExport.Message(m.from(), m.sentAt(), redaction.apply(m.body()))).toList();
            return new PersonExport.FiledReport(id, caseOfReport.get(id), facts.category(), facts.receivedAt(), facts.occurredAt(), facts.witness(),
                    facts.status(), redaction.apply(content.description()), redaction.apply(content.location()),
                    redaction.apply(content.evidence()), content.reportedName() == null ? null : Redaction.SUBJECT,
                    content.reportedHandles().stream().map(h -> ownHandle(h, handles) ? h : Redaction.SUBJECT).toList(),
                    content.reporterName(), content.reporterEmail(), content.contact(), messages);
        }).toList();
        List<PersonExport.ReportAbout> reportsAbout = about.stream().filter(id -> !filed.contains(id)).map(id -> {
            Intake.ReportFacts facts = intake.facts(id);
            ReportContent content = intake.content(id);
            String by = facts.anonymous() ? "[an anonymous reporter]" : facts.witness() ? Redaction.WITNESS : Redaction.REPORTER;
            return new PersonExport.ReportAbout(id, caseOfReport.get(id), facts.category(), facts.receivedAt(), facts.occurredAt(), facts.status(),
                    by, redaction.apply(content.description()), redaction.apply(content.location()), redaction.apply(content.evidence()));
        }).toList();
        List<PersonExport.Sanction> sanctionList = sanctions.about(same).stream().map(s -> new PersonExport.Sanction(s.id(), s.caseId(),
                s.action(), s.spaces(), s.startsAt(), s.until(), s.status(), s.endedAt(), s.decision().clauses(), s.decision().codeVersion(),
                redaction.apply(s.decision().reasoning()), redaction.apply(s.decision().conditions()), redaction.apply(s.decision().toSubject())))
                .toList();
        List<String> addresses = handles.stream().filter(h -> h.startsWith("email:") || h.startsWith("mailman:"))
                .map(h -> h.substring(h.indexOf(':') + 1)).toList();
        List<PersonExport.Letter> letters = new ArrayList<>();
        for (CaseRetention.PartyCase partyCase : partyCases) {
            if (partyCase.purgedAt() != null || addresses.isEmpty()) continue;
            caseRetention.lettersTo(partyCase.caseId(), addresses).forEach(letter -> letters.add(new PersonExport.Letter(letter.caseId(),
                    letter.recipientRole(), letter.subject(), redaction.apply(letter.body()), letter.sentAt())));
        }
        List<PersonExport.Appeal> appealList = appeals.filedBy(same).stream().map(a -> new PersonExport.Appeal(a.id(), a.caseId(), a.status(),
                a.outcome(), a.filedAt(), a.decidedAt(), redaction.apply(a.statement()), redaction.apply(a.evidence()), redaction.apply(a.reasoning()),
                a.messages().stream().map(m -> new PersonExport.Message(m.author(), m.at(), redaction.apply(m.body()))).toList())).toList();
        return new PersonExport(PersonExport.FORMAT, clock.instant(), personId, handles, partyCases, reportsFiled, reportsAbout, sanctionList,
                letters, appealList, "Other people's names, addresses and handles are replaced by their role in brackets; staff are not named"
                + " (the committee decides as one body); reports about you do not say who made them.");
    }

    /**
     * Everyone else the person's cases name: the other parties' handles (by their role) and the names and addresses
     * in the reports of those cases (reporters, witnesses, other reported people).
     */
    private Redaction redaction(Set<String> same, List<String> ownHandles, List<CaseRetention.PartyCase> partyCases, List<String> filed,
                                List<String> about) {
        Set<String> own = new LinkedHashSet<>();
        for (String handle : ownHandles) {
            own.add(handle);
            own.add(handle.substring(handle.indexOf(':') + 1));
        }
        for (String id : filed) {
            ReportContent content = intake.content(id);
            if (content.reporterName() != null) own.add(content.reporterName());
            if (content.reporterEmail() != null) own.add(content.reporterEmail());
        }
        Redaction redaction = new Redaction(own);
        for (CaseRetention.PartyCase partyCase : partyCases) {
            for (CaseRetention.Party party : caseRetention.partiesOf(partyCase.caseId())) {
                if (same.contains(party.personId())) continue;
                String placeholder = switch (party.role()) {
                    case "witness" -> Redaction.WITNESS;
                    case "reporter" -> Redaction.REPORTER;
                    default -> Redaction.SUBJECT;
                };
                for (IdentityHandle handle : people.handlesOf(party.personId())) {
                    redaction.add(handle.toString(), placeholder);
                    redaction.add(handle.value(), placeholder);
                }
            }
        }
        // Every report the export shows or draws on: those of the person's cases, and those they filed or that name them,
        // whether or not a member confirmed them as a party yet.
        Set<String> reports = new LinkedHashSet<>();
        partyCases.forEach(partyCase -> reports.addAll(cases.reportIdsOf(partyCase.caseId())));
        reports.addAll(filed);
        reports.addAll(about);
        for (String reportId : reports) {
            ReportContent content = intake.content(reportId);
            boolean witness = intake.facts(reportId).witness();
            if (!filed.contains(reportId)) {
                redaction.add(content.reporterName(), witness ? Redaction.WITNESS : Redaction.REPORTER);
                redaction.add(content.reporterEmail(), witness ? Redaction.WITNESS : Redaction.REPORTER);
                redaction.add(content.contact(), witness ? Redaction.WITNESS : Redaction.REPORTER);
            }
            if (!about.contains(reportId)) {
                redaction.add(content.reportedName(), Redaction.SUBJECT);
                content.reportedHandles().forEach(handle -> {
                    redaction.add(handle, Redaction.SUBJECT);
                    redaction.add(handle.substring(handle.indexOf(':') + 1), Redaction.SUBJECT);
                });
            }
        }
        return redaction;
    }

    private static boolean ownHandle(String handle, List<String> own) {
        return own.contains(handle);
    }
}
