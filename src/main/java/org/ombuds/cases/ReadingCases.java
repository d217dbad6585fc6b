package org.ombuds.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.audit.AuditLog;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.intake.Claim;
import org.ombuds.intake.Intake;
import org.ombuds.intake.ReportContent;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading a case whole: its reports opened, the people, handlers, recusals, notes, letters and timeline, the
 * subject's other cases, and what the viewer may do. Every report, note and letter read is in the audit log.
 */
@Service
public class ReadingCases {
    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final CaseRecords records;
    private final Intake intake;
    private final People people;
    private final Accounts accounts;
    private final PersonAccess personAccess;
    private final StaffIdentities staff;
    private final PartyRecords parties;
    private final Recusals recusals;
    private final CaseNotes notes;
    private final CaseLetters letters;
    private final Timeline timeline;
    private final CaseRetention retention;
    private final AuditLog audit;
    private final Clock clock;

    ReadingCases(JdbcClient jdbc, CaseAccess access, CaseRecords records, Intake intake, People people, Accounts accounts,
                 PersonAccess personAccess, StaffIdentities staff, PartyRecords parties, Recusals recusals, CaseNotes notes,
                 CaseLetters letters, Timeline timeline, CaseRetention retention, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.records = records;
        this.intake = intake;
        this.people = people;
        this.accounts = accounts;
        this.personAccess = personAccess;
        this.staff = staff;
        this.parties = parties;
        this.recusals = recusals;
        this.notes = notes;
        this.letters = letters;
        this.timeline = timeline;
        this.retention = retention;
        this.audit = audit;
        this.clock = clock;
    }

    /** The case with its reports opened; every report and note read is recorded. */
    @Transactional
    public CaseDetail detail(Viewer viewer, String caseId) {
        CaseRow row = access.require(viewer, caseId, CaseAction.READ);
        audit.record("read", "case", caseId, caseId);
        List<String> reportIds = records.reportIds(caseId);
        CaseDetail.Retention kept = retention.state(row);
        boolean purged = kept.purgedAt() != null;
        List<CaseDetail.Report> reports = new ArrayList<>();
        // A purged case has only its clear facts left: its reports' content, and the keys that opened it, are gone.
        List<PartyRecords.Stored> stored = purged ? List.of() : parties.of(row);
        Set<String> partyPersons = new LinkedHashSet<>();
        stored.forEach(party -> partyPersons.addAll(people.sameAs(party.personId())));
        for (String reportId : purged ? List.<String>of() : reportIds) {
            audit.record("read", "report", reportId, caseId);
            Intake.ReportFacts facts = intake.facts(reportId);
            var content = intake.content(reportId);
            reports.add(new CaseDetail.Report(facts, content, intake.attachments(reportId), intake.conversation(reportId),
                    claims(viewer, facts, content, partyPersons)));
        }
        List<CaseDetail.Note> caseNotes = notes.of(row);
        caseNotes.forEach(note -> audit.record("read", "note", note.id(), caseId));
        List<CaseDetail.Letter> caseLetters = letters.of(row);
        caseLetters.forEach(letter -> audit.record("read", "letter", letter.id(), caseId));
        Instant now = clock.instant();
        return new CaseDetail(CaseRecords.summary(row, reportIds.size(), now), row.acknowledgeBy(), row.acknowledgedAt(), row.decideBy(),
                reports, parties(stored), assignees(caseId), recusals(row, purged), caseNotes, caseLetters, timeline.of(row, purged),
                subjectHistory(viewer, caseId), mergedFrom(viewer, caseId), permissions(viewer, caseId), kept);
    }

    /** The whole case in one document, for the committee's records (admins and the case's handlers). */
    @Transactional
    public CaseDetail export(Viewer viewer, String caseId) {
        access.require(viewer, caseId, CaseAction.EXPORT);
        audit.record("export", "case", caseId, caseId);
        return detail(viewer, caseId);
    }

    /** An attached file of one of the case's reports. */
    @Transactional
    public AttachmentFile attachment(Viewer viewer, String caseId, String reportId, String attachmentId) {
        access.require(viewer, caseId, CaseAction.READ);
        records.requireReportOf(caseId, reportId);
        Intake.StoredAttachment meta = intake.attachments(reportId).stream().filter(a -> a.id().equals(attachmentId)).findFirst()
                .orElseThrow(() -> new NotFoundException("there is no such attachment"));
        audit.record("read", "attachment", attachmentId, caseId);
        return new AttachmentFile(meta.fileName(), meta.mediaType(), intake.attachmentContent(reportId, attachmentId));
    }

    public record AttachmentFile(String fileName, String mediaType, byte[] content) {
    }

    private List<CaseDetail.Party> parties(List<PartyRecords.Stored> stored) {
        return stored.stream().map(p -> new CaseDetail.Party(p.id(), p.personId(), p.role(), records.handlesOf(p.personId()), p.reportId(),
                records.accountName(p.confirmedBy()), p.addedAt(), p.reason())).toList();
    }

    /**
     * What a report says about who is involved, with what the committee knows of each handle: claims to confirm, never
     * facts. A known person's other handles show only to a reader who may see that person.
     */
    private List<CaseDetail.Claimed> claims(Viewer viewer, Intake.ReportFacts facts, ReportContent content, Set<String> partyPersons) {
        List<CaseDetail.Claimed> claims = new ArrayList<>();
        for (String text : content.reportedHandles()) claims.add(claimed(viewer, Claim.SUBJECT, text, partyPersons));
        if (content.reporterEmail() != null) {
            claims.add(claimed(viewer, facts.witness() ? Claim.WITNESS : Claim.REPORTER, "email:" + content.reporterEmail(), partyPersons));
        }
        return claims;
    }

    private CaseDetail.Claimed claimed(Viewer viewer, String role, String text, Set<String> partyPersons) {
        IdentityHandle handle = IdentityHandle.parse(text);
        String fingerprint = people.fingerprint(handle);
        Optional<String> owner = people.ownerOf(handle);
        boolean party = owner.map(partyPersons::contains).orElse(false);
        boolean shown = owner.isPresent() && (party || personAccess.mayRead(viewer, owner.get()));
        List<String> members = staff.namedBy(Set.of(fingerprint)).stream().map(records::accountName).toList();
        return new CaseDetail.Claimed(role, handle.toString(), owner.isPresent(), shown ? people.require(owner.get()).id() : null,
                shown ? records.handlesOf(owner.get()) : List.of(), party, members);
    }

    private List<CaseDetail.Assignee> assignees(String caseId) {
        return jdbc.sql("SELECT account_id, lead FROM case_assignee WHERE case_id = ? ORDER BY lead DESC, assigned_at").param(caseId)
                .query((r, n) -> {
                    Account account = accounts.require(r.getString("account_id"));
                    return new CaseDetail.Assignee(account.id(), account.name(), account.email(), r.getBoolean("lead"));
                }).list();
    }

    private List<CaseDetail.Recusal> recusals(CaseRow row, boolean purged) {
        return jdbc.sql("SELECT account_id, kind, recorded_by, recorded_at FROM case_recusal WHERE case_id = ? ORDER BY recorded_at").param(row.id())
                .query((r, n) -> {
                    String accountId = r.getString("account_id");
                    String by = r.getString("recorded_by");
                    return new CaseDetail.Recusal(accountId, records.accountName(accountId), r.getString("kind"),
                            Instant.ofEpochMilli(r.getLong("recorded_at")),
                            by == null || by.equals(accountId) || by.equals("system") ? null : records.accountName(by),
                            purged ? null : recusals.reason(row, accountId));
                }).list();
    }

    /**
     * Earlier and other cases about the same person, across all their handles, that this viewer may see: the case's
     * confirmed subjects, and the people the committee knows by a handle its reports name (so the history helps decide
     * whether to confirm them; it shows only cases the viewer may see anyway).
     */
    private List<CaseSummary> subjectHistory(Viewer viewer, String caseId) {
        Set<String> subjects = new LinkedHashSet<>();
        jdbc.sql("SELECT person_id FROM case_party WHERE case_id = ? AND role = 'subject'").param(caseId).query(String.class).list()
                .forEach(person -> subjects.addAll(people.sameAs(person)));
        List<String> claimed = records.reportIds(caseId).stream().flatMap(reportId -> intake.claimsOf(reportId).stream())
                .filter(claim -> claim.role().equals(Claim.SUBJECT)).map(Claim::fingerprint).toList();
        people.ownersOf(claimed).forEach(owner -> subjects.addAll(people.sameAs(owner)));
        if (subjects.isEmpty()) return List.of();
        return related(viewer, "c.id <> :id AND c.merged_into IS NULL AND EXISTS (SELECT 1 FROM case_party p2 WHERE p2.case_id = c.id"
                + " AND p2.role = 'subject' AND p2.person_id IN (:subjects))", Map.of("id", caseId, "subjects", List.copyOf(subjects)));
    }

    private List<CaseSummary> mergedFrom(Viewer viewer, String caseId) {
        return related(viewer, "c.merged_into = :id", Map.of("id", caseId));
    }

    private List<CaseSummary> related(Viewer viewer, String condition, Map<String, Object> params) {
        CaseAccess.Clause visible = access.visibleTo(viewer);
        Instant now = clock.instant();
        return jdbc.sql("SELECT c.*, (SELECT COUNT(*) FROM case_report cr WHERE cr.case_id = c.id) AS reports FROM case_file c WHERE "
                        + condition + " AND " + visible.sql() + " ORDER BY c.opened_at DESC LIMIT 50")
                .params(visible.params()).params(params)
                .query((row, n) -> CaseRecords.summary(CaseRow.map(row, n), row.getInt("reports"), now)).list();
    }

    private CaseDetail.Permissions permissions(Viewer viewer, String caseId) {
        return new CaseDetail.Permissions(access.permits(viewer, caseId, CaseAction.NOTE), access.permits(viewer, caseId, CaseAction.HANDLE),
                access.permits(viewer, caseId, CaseAction.ASSIGN), access.permits(viewer, caseId, CaseAction.RECUSE),
                access.permits(viewer, caseId, CaseAction.DECIDE), access.permits(viewer, caseId, CaseAction.EXPORT),
                access.permits(viewer, caseId, CaseAction.HOLD));
    }
}
