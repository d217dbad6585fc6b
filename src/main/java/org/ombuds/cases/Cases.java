package org.ombuds.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Person;
import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.Intake;
import org.ombuds.intake.Claim;
import org.ombuds.intake.ReportReceived;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.EmailAddresses;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cases: reports grouped for the committee. Every method takes the {@link Viewer} and goes through
 * {@link CaseAccess}; every read and change is written to the audit log in the same transaction.
 */
@Service
@EnableConfigurationProperties(CaseSettings.class)
public class Cases {
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_REASON = 2_000;
    static final String NOTE_CONTEXT = "case_note.sealed_body";
    static final String LETTER_CONTEXT = "case_letter";

    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final Intake intake;
    private final People people;
    private final Accounts accounts;
    private final DataKeys keys;
    private final AuditLog audit;
    private final CaseSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CaseRetention retention;
    private final Timeline timeline;
    private final CaseCommittee committee;
    private final StaffIdentities staff;
    private final Recusals recusals;
    private final CommitteeFloor floor;
    private final PartyRecords parties;
    private final PersonAccess personAccess;

    Cases(JdbcClient jdbc, CaseAccess access, Intake intake, People people, Accounts accounts, DataKeys keys, AuditLog audit,
          CaseSettings settings, ApplicationEventPublisher events, Clock clock, CaseRetention retention, Timeline timeline,
          CaseCommittee committee, StaffIdentities staff, Recusals recusals, CommitteeFloor floor, PartyRecords parties,
          PersonAccess personAccess) {
        this.personAccess = personAccess;
        this.parties = parties;
        this.retention = retention;
        this.timeline = timeline;
        this.committee = committee;
        this.staff = staff;
        this.recusals = recusals;
        this.floor = floor;
        this.jdbc = jdbc;
        this.access = access;
        this.intake = intake;
        this.people = people;
        this.accounts = accounts;
        this.keys = keys;
        this.audit = audit;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    public Viewer viewer(String accountId) {
        return access.viewer(accountId);
    }

    /**
     * In the report's own transaction: the report joins the open case about the same person, or opens a new one,
     * so that no committed report is ever without a case. What the report names are claims: they find the case to
     * join (a confirmed subject known by a claimed handle, or another report naming the same handle) but make nobody a
     * party. A report that names a committee member opens a case of its own, kept from that member until an admin
     * decides: a report can keep its own case from someone, never a case that was there before it.
     */
    @EventListener
    @Transactional
    public void reportReceived(ReportReceived report) {
        Set<String> named = staff.namedBy(report.claims().stream().map(Claim::fingerprint).toList());
        Optional<String> joined = named.isEmpty() ? openCaseNaming(report) : Optional.empty();
        String caseId = joined.orElseGet(() -> openCase(report.communityId(), null));
        jdbc.sql("INSERT INTO case_report (report_id, case_id, added_at) VALUES (?, ?, ?)").params(report.reportId(), caseId, clock.millis()).update();
        if (!named.isEmpty()) recusals.keepNamedMembersFrom(caseId, named);
        audit.record("create", "report", report.reportId(), caseId);
        if (joined.isPresent()) {
            event(caseId, null, "report-joined", report.reportId());
            events.publishEvent(new CaseActivity(caseId, CaseActivity.Kind.REPORT_JOINED));
        } else {
            events.publishEvent(new CaseActivity(caseId, CaseActivity.Kind.OPENED));
        }
    }

    /** The oldest open case of the community whose confirmed subject, or one of whose reports, has a handle this report names. */
    private Optional<String> openCaseNaming(ReportReceived report) {
        List<String> claimed = report.claims().stream().filter(claim -> claim.role().equals(Claim.SUBJECT)).map(Claim::fingerprint).toList();
        if (claimed.isEmpty()) return Optional.empty();
        Set<String> persons = new LinkedHashSet<>();
        people.ownersOf(claimed).forEach(owner -> persons.addAll(people.sameAs(owner)));
        List<String> reports = intake.claiming(Claim.SUBJECT, claimed).stream().filter(id -> !id.equals(report.reportId())).toList();
        if (persons.isEmpty() && reports.isEmpty()) return Optional.empty();
        return jdbc.sql("""
                        SELECT c.id FROM case_file c
                        WHERE c.community_id = :community AND c.next_due IS NOT NULL AND c.merged_into IS NULL
                          AND (EXISTS (SELECT 1 FROM case_party p WHERE p.case_id = c.id AND p.role = 'subject' AND p.person_id IN (:persons))
                               OR EXISTS (SELECT 1 FROM case_report r WHERE r.case_id = c.id AND r.report_id IN (:reports)))
                        ORDER BY c.opened_at LIMIT 1""")
                .param("community", report.communityId())
                .param("persons", persons.isEmpty() ? List.of("-") : List.copyOf(persons))
                .param("reports", reports.isEmpty() ? List.of("-") : reports)
                .query(String.class).optional();
    }

    private String openCase(String communityId, String actor) {
        return openCase(communityId, actor, null);
    }

    /** A new case; split off {@code splitFrom}, it keeps the committee that case opened with. */
    private String openCase(String communityId, String actor, String splitFrom) {
        String id = Ids.newId();
        long now = clock.millis();
        String key = keys.create();
        long acknowledgeBy = now + settings.acknowledgeWithin().toMillis();
        jdbc.sql("""
                        INSERT INTO case_file (id, community_id, code_name, status, severity, data_key_id, opened_at, acknowledge_by,
                            decide_by, next_due, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, communityId, freeCodeName(), CaseStatus.NEW.id(), Severity.UNASSESSED.id(), key, now, acknowledgeBy,
                        now + settings.decideWithin().toMillis(), acknowledgeBy, now)
                .update();
        if (splitFrom == null) committee.fixAtOpening(id);
        else committee.copy(splitFrom, id);
        event(id, actor, "opened", null);
        audit.record("create", "case", id, id);
        return id;
    }

    private String freeCodeName() {
        for (int attempt = 0; attempt < 50; attempt++) {
            String name = CodeNames.draw();
            if (jdbc.sql("SELECT COUNT(*) FROM case_file WHERE code_name = ?").param(name).query(Integer.class).single() == 0) {
                return name;
            }
        }
        throw new IllegalStateException("no free code name after 50 draws");
    }

    /**
     * A case from the committee's records before Ombuds: its own reference (unique in the community), about one
     * person, opened and closed on the given days, with an optional note (sealed, like every note).
     */
    public record ClosedCase(String communityId, String reference, Instant openedAt, Instant closedAt, String subjectPersonId, String note) {
    }

    /** The references among these that an earlier import into the community already used. */
    public Set<String> importedReferences(String communityId, Collection<String> references) {
        if (references.isEmpty()) return Set.of();
        Set<String> taken = new LinkedHashSet<>();
        // In slices: a long file must not exceed the databases' limits on bound parameters.
        List<String> all = List.copyOf(references);
        for (int from = 0; from < all.size(); from += 500) {
            taken.addAll(jdbc.sql("SELECT import_reference FROM case_file WHERE community_id = :community AND import_reference IN (:references)")
                    .param("community", communityId).param("references", all.subList(from, Math.min(all.size(), from + 500)))
                    .query(String.class).list());
        }
        return taken;
    }

    /**
     * Records a closed case from the committee's earlier records: no report, the person as its subject, the note if
     * any, an "imported" event on its timeline, and one audit entry (without content). Its decision follows through
     * {@code Decisions.importPast}.
     */
    @Transactional
    public String importClosed(ClosedCase imported, String importedBy) {
        String reference = imported.reference() == null ? "" : imported.reference().strip();
        if (reference.isEmpty()) throw new InvalidInputException("reference", "required");
        if (!importedReferences(imported.communityId(), List.of(reference)).isEmpty()) {
            throw new ConflictException("reference", "'" + org.ombuds.platform.Slugs.printable(reference) + "' was imported already");
        }
        String id = Ids.newId();
        String key = keys.create();
        long opened = imported.openedAt().toEpochMilli();
        long closed = imported.closedAt().toEpochMilli();
        jdbc.sql("""
                        INSERT INTO case_file (id, community_id, code_name, status, severity, data_key_id, opened_at, acknowledge_by, acknowledged_at,
                            decide_by, next_due, updated_at, import_reference)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)""")
                .params(id, imported.communityId(), freeCodeName(), CaseStatus.CLOSED.id(), Severity.UNASSESSED.id(), key, opened, opened, opened,
                        closed, clock.millis(), reference)
                .update();
        event(id, importedBy, "imported", reference);
        committee.fixAtOpening(id);
        CaseRow row = jdbc.sql("SELECT * FROM case_file WHERE id = ?").param(id).query(CaseRow::map).single();
        parties.insert(row, imported.subjectPersonId(), "subject", null, importedBy, "imported from the committee's records (" + reference + ")");
        if (imported.note() != null && !imported.note().isBlank()) {
            jdbc.sql("INSERT INTO case_note (id, case_id, author_account_id, written_at, sealed_body) VALUES (?, ?, ?, ?, ?)")
                    .params(Ids.newId(), id, importedBy, clock.millis(), keys.seal(key, text("summary", imported.note()), NOTE_CONTEXT + ":" + id))
                    .update();
        }
        audit.record("import", "case", id, id);
        return id;
    }

    /** Queue filters: {@code status} is {@code open} (the default), {@code all} or a status id. */
    public record Filter(String status, String search, int page, int size) {
        public Filter {
            if (status == null || status.isBlank()) status = "open";
            if (page < 0) throw new InvalidInputException("page", "page must be 0 or more");
            if (size < 1 || size > 200) throw new InvalidInputException("size", "size must be 1 to 200");
        }

        /** Computed in 64 bits: page × size overflows an int for large pages, and would wrap around to the first page. */
        public long offset() {
            return (long) page * size;
        }
    }

    /** The queue: overdue first, then by the nearest deadline; only cases this viewer may see. */
    @Transactional
    public List<CaseSummary> list(Viewer viewer, Filter filter) {
        CaseAccess.Clause visible = access.visibleToScan(viewer);
        StringBuilder sql = new StringBuilder("SELECT c.* FROM case_file c WHERE ").append(visible.sql());
        String order;
        if (filter.status().equals("open")) {
            sql.append(" AND c.next_due IS NOT NULL");
            order = " ORDER BY c.next_due, c.opened_at";
        } else if (filter.status().equals("all")) {
            order = " ORDER BY c.opened_at DESC";
        } else {
            CaseStatus status = CaseStatus.fromId(filter.status());
            sql.append(" AND c.status = :status");
            order = status.open() ? " ORDER BY c.next_due, c.opened_at" : " ORDER BY c.opened_at DESC";
        }
        String search = filter.search() == null || filter.search().isBlank() ? null : CodeNames.canonical(filter.search());
        if (search != null) {
            sql.append(" AND (c.code_name = :search OR c.id = :search OR c.id IN (SELECT case_id FROM case_report WHERE report_id = :search))");
        }
        // The report count only for the page's cases, not for every case the offset skips.
        var statement = jdbc.sql("SELECT c.*, (SELECT COUNT(*) FROM case_report cr WHERE cr.case_id = c.id) AS reports FROM ("
                        + sql + order + " LIMIT :size OFFSET :offset) c" + order).params(visible.params())
                .param("size", filter.size()).param("offset", filter.offset());
        if (!filter.status().equals("open") && !filter.status().equals("all")) statement = statement.param("status", filter.status());
        if (search != null) statement = statement.param("search", search);
        Instant now = clock.instant();
        List<CaseSummary> cases = statement.query((row, n) -> summary(CaseRow.map(row, n), row.getInt("reports"), now)).list();
        audit.record("list", "case", null, null);
        return cases;
    }

    /** The case as the queue shows it, without opening any report (e.g. before someone steps aside). */
    @Transactional
    public CaseSummary summary(Viewer viewer, String caseId) {
        CaseRow row = access.require(viewer, caseId, CaseAction.LIST);
        audit.record("read", "case-summary", caseId, caseId);
        return summary(row, reportIds(caseId).size(), clock.instant());
    }

    /** The case with its reports opened; every report and note read is recorded. */
    @Transactional
    public CaseDetail detail(Viewer viewer, String caseId) {
        CaseRow row = access.require(viewer, caseId, CaseAction.READ);
        audit.record("read", "case", caseId, caseId);
        List<String> reportIds = reportIds(caseId);
        CaseDetail.Retention kept = retention.state(row);
        List<CaseDetail.Report> reports = new ArrayList<>();
        // A purged case has only its clear facts left: its reports' content, and the keys that opened it, are gone.
        List<PartyRecords.Stored> stored = kept.purgedAt() != null ? List.of() : parties.of(row);
        Set<String> partyPersons = new LinkedHashSet<>();
        stored.forEach(party -> partyPersons.addAll(people.sameAs(party.personId())));
        for (String reportId : kept.purgedAt() != null ? List.<String>of() : reportIds) {
            audit.record("read", "report", reportId, caseId);
            Intake.ReportFacts facts = intake.facts(reportId);
            var content = intake.content(reportId);
            reports.add(new CaseDetail.Report(facts, content, intake.attachments(reportId), intake.conversation(reportId),
                    claims(viewer, facts, content, partyPersons)));
        }
        List<CaseDetail.Note> notes = jdbc.sql("SELECT id, author_account_id, written_at, sealed_body FROM case_note WHERE case_id = ? ORDER BY written_at, id")
                .param(caseId)
                .query((r, n) -> new CaseDetail.Note(r.getString("id"), accountName(r.getString("author_account_id")),
                        Instant.ofEpochMilli(r.getLong("written_at")), keys.open(row.dataKeyId(), r.getString("sealed_body"), NOTE_CONTEXT + ":" + caseId)))
                .list();
        notes.forEach(note -> audit.record("read", "note", note.id(), caseId));
        List<CaseDetail.Letter> letters = jdbc.sql("SELECT * FROM case_letter WHERE case_id = ? ORDER BY sent_at, id").param(caseId)
                .query((r, n) -> new CaseDetail.Letter(r.getString("id"), r.getString("recipient_role"),
                        keys.open(row.dataKeyId(), r.getString("sealed_address"), LETTER_CONTEXT + ":" + r.getString("id")),
                        keys.open(row.dataKeyId(), r.getString("sealed_subject"), LETTER_CONTEXT + ":" + r.getString("id")),
                        keys.open(row.dataKeyId(), r.getString("sealed_body"), LETTER_CONTEXT + ":" + r.getString("id")),
                        accountName(r.getString("sent_by")), Instant.ofEpochMilli(r.getLong("sent_at")), r.getString("delivery")))
                .list();
        letters.forEach(letter -> audit.record("read", "letter", letter.id(), caseId));
        Instant now = clock.instant();
        return new CaseDetail(summary(row, reportIds.size(), now), row.acknowledgeBy(), row.acknowledgedAt(), row.decideBy(), reports,
                parties(stored), assignees(caseId), recusals(row, kept.purgedAt() != null), notes, letters,
                timeline(row, kept.purgedAt() != null), subjectHistory(viewer, caseId),
                mergedFrom(viewer, caseId), permissions(viewer, caseId), kept);
    }

    /** The whole case in one document, for the committee's records (admins and the case's handlers). */
    @Transactional
    public CaseDetail export(Viewer viewer, String caseId) {
        access.require(viewer, caseId, CaseAction.EXPORT);
        audit.record("export", "case", caseId, caseId);
        return detail(viewer, caseId);
    }

    @Transactional
    public String addNote(Viewer viewer, String caseId, String body) {
        CaseRow row = access.require(viewer, caseId, CaseAction.NOTE);
        String text = text("body", body);
        String id = Ids.newId();
        jdbc.sql("INSERT INTO case_note (id, case_id, author_account_id, written_at, sealed_body) VALUES (?, ?, ?, ?, ?)")
                .params(id, caseId, viewer.accountId(), clock.millis(), keys.seal(row.dataKeyId(), text, NOTE_CONTEXT + ":" + caseId)).update();
        event(caseId, viewer.accountId(), "note", id);
        audit.record("create", "note", id, caseId);
        return id;
    }

    @Transactional
    public void changeStatus(Viewer viewer, String caseId, String statusId) {
        CaseStatus status = CaseStatus.fromId(statusId);
        CaseRow row = access.require(viewer, caseId, status == CaseStatus.DECIDED ? CaseAction.DECIDE : CaseAction.HANDLE);
        if (row.mergedInto() != null) {
            throw new ConflictException("status", "this case was merged into another; work on that one");
        }
        if (row.status() == status) return;
        long now = clock.millis();
        Long acknowledgedAt = row.acknowledgedAt() != null ? row.acknowledgedAt().toEpochMilli() : status == CaseStatus.NEW ? null : now;
        Long nextDue = !status.open() ? null : acknowledgedAt == null ? row.acknowledgeBy().toEpochMilli() : row.decideBy().toEpochMilli();
        jdbc.sql("UPDATE case_file SET status = ?, acknowledged_at = ?, next_due = ?, updated_at = ? WHERE id = ?")
                .params(status.id(), acknowledgedAt, nextDue, now, caseId).update();
        intake.setStatus(reportIds(caseId), status.reporterStatus());
        event(caseId, viewer.accountId(), "status", row.status().id() + " → " + status.id());
        audit.record("update", "case", caseId, caseId);
    }

    @Transactional
    public void setSeverity(Viewer viewer, String caseId, String severityId) {
        Severity severity = Severity.fromId(severityId);
        CaseRow row = access.require(viewer, caseId, CaseAction.HANDLE);
        if (row.severity() == severity) return;
        jdbc.sql("UPDATE case_file SET severity = ?, updated_at = ? WHERE id = ?").params(severity.id(), clock.millis(), caseId).update();
        event(caseId, viewer.accountId(), "severity", row.severity().id() + " → " + severity.id());
        audit.record("update", "case", caseId, caseId);
    }

    /** Assigns a handler (or an appeal reviewer, who may then read the case). A lead replaces the previous lead. */
    @Transactional
    public void assign(Viewer viewer, String caseId, String email, boolean lead) {
        access.require(viewer, caseId, CaseAction.ASSIGN);
        Account account = accounts.requireByEmail(email);
        if (!account.active()) throw new ConflictException("email", "this account is disabled");
        if (account.role() == Role.APPEAL_REVIEWER && lead) {
            throw new InvalidInputException("lead", "an appeal reviewer cannot lead a case");
        }
        if (access.recused(account.id(), caseId)) {
            throw new ConflictException("email", "this person is recused from the case and cannot handle it");
        }
        if (lead) jdbc.sql("UPDATE case_assignee SET lead = ? WHERE case_id = ?").params(false, caseId).update();
        jdbc.sql("DELETE FROM case_assignee WHERE case_id = ? AND account_id = ?").params(caseId, account.id()).update();
        jdbc.sql("INSERT INTO case_assignee (case_id, account_id, lead, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)")
                .params(caseId, account.id(), lead, clock.millis(), viewer.accountId()).update();
        event(caseId, viewer.accountId(), lead ? "assigned-lead" : "assigned", account.id());
        audit.record("assign", "case", caseId, caseId);
    }

    /** Writes to the reporter of one of the case's reports through their receipt (and email, if they gave one). */
    @Transactional
    public void messageReporter(Viewer viewer, String caseId, String reportId, String body) {
        access.require(viewer, caseId, CaseAction.HANDLE);
        requireReportOf(caseId, reportId);
        intake.messageReporter(reportId, viewer.accountId(), text("body", body));
        event(caseId, viewer.accountId(), "message-to-reporter", reportId);
        audit.record("create", "message", reportId, caseId);
    }

    /** A letter to the reported person or a witness, recorded (sealed) on the case once the mail server took it. */
    @Transactional
    public String recordLetter(Viewer viewer, String caseId, Letter letter) {
        CaseRow row = access.require(viewer, caseId, CaseAction.HANDLE);
        return insertLetter(row, viewer.accountId(), letter.recipientRole(), letter.address(), letter.subject(), letter.body(), null, "sent");
    }

    /**
     * A letter Ombuds wrote on the committee's behalf (announcing a sanction, its end), recorded once: false if a
     * letter {@code regarding} the same thing is on record already. {@code delivery}: sent, no-address or
     * no-mail-server (then the committee hands it over another way; the timeline says so).
     */
    @Transactional
    public boolean recordCommitteeLetter(String caseId, String sentByAccountId, String address, String subject, String body,
                                         String regarding, String delivery) {
        if (letterRecorded(regarding)) return false;
        CaseRow row = jdbc.sql("SELECT * FROM case_file WHERE id = ?").param(caseId).query(CaseRow::map).single();
        insertLetter(row, sentByAccountId, "subject", address == null ? "" : address, subject, body, regarding, delivery);
        if (!delivery.equals("sent")) event(caseId, null, "letter-not-sent", delivery);
        return true;
    }

    /** The text of the committee letter about this (such as a sanction's announcement), as it was sent. */
    public Optional<String> committeeLetter(String regarding) {
        return jdbc.sql("SELECT l.id, l.sealed_body, c.data_key_id FROM case_letter l JOIN case_file c ON c.id = l.case_id WHERE l.regarding = ?")
                .param(regarding)
                .query((r, n) -> keys.open(r.getString(3), r.getString(2), LETTER_CONTEXT + ":" + r.getString(1))).optional();
    }

    /** Whether a committee letter about this (a sanction's start or end) is on record. */
    public boolean letterRecorded(String regarding) {
        return jdbc.sql("SELECT COUNT(*) FROM case_letter WHERE regarding = ?").param(regarding).query(Integer.class).single() > 0;
    }

    private String insertLetter(CaseRow row, String sentBy, String role, String address, String subject, String body, String regarding,
                                String delivery) {
        String id = Ids.newId();
        String context = LETTER_CONTEXT + ":" + id;
        jdbc.sql("""
                        INSERT INTO case_letter (id, case_id, recipient_role, sealed_address, sealed_subject, sealed_body, sent_by, sent_at,
                            regarding, delivery)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, row.id(), role, keys.seal(row.dataKeyId(), address, context), keys.seal(row.dataKeyId(), subject, context),
                        keys.seal(row.dataKeyId(), body, context), sentBy, clock.millis(), regarding, delivery)
                .update();
        event(row.id(), regarding == null ? sentBy : null, "letter", role);
        audit.record("create", "letter", id, row.id());
        return id;
    }

    /**
     * What would identify the people who reported or witnessed on this case: the names and addresses their reports
     * give and the handles of the reporter and witness parties. Text bound for the person sanctioned is checked
     * against them.
     */
    public Set<String> reporterIdentifiers(String caseId) {
        Set<String> identifiers = new LinkedHashSet<>();
        for (String reportId : reportIds(caseId)) {
            var content = intake.content(reportId);
            addIdentifier(identifiers, content.reporterName());
            addIdentifier(identifiers, content.reporterEmail());
        }
        List<String> persons = jdbc.sql("SELECT DISTINCT person_id FROM case_party WHERE case_id = ? AND role <> 'subject'")
                .param(caseId).query(String.class).list();
        for (String person : persons) {
            for (String same : people.sameAs(person)) {
                people.byId(same).ifPresent(found -> found.handles().forEach(handle -> addIdentifier(identifiers, handle.value())));
            }
        }
        return identifiers;
    }

    /**
     * Whether text bound for the person sanctioned names someone who reported or witnessed on this case: one of their
     * names, addresses or handles as a whole word (so a reporter called Ada does not forbid "adapt").
     */
    public boolean namesReporter(String caseId, String text) {
        if (text == null) return false;
        return reporterIdentifiers(caseId).stream().filter(identifier -> identifier.length() >= 3)
                .anyMatch(identifier -> java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}])" + java.util.regex.Pattern.quote(identifier)
                        + "(?![\\p{L}\\p{N}])", java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE).matcher(text).find());
    }

    private static void addIdentifier(Set<String> identifiers, String value) {
        if (value == null || value.isBlank()) return;
        identifiers.add(value.strip());
        // Addresses are kept with their domain in ASCII; the committee may type it as people read it.
        identifiers.add(EmailAddresses.readable(value.strip()));
        int at = value.indexOf('@');
        if (at > 0) identifiers.add(value.substring(0, at).strip());
    }

    /** A letter as validated before sending: {@code recipientRole} is subject or witness. */
    public record Letter(String recipientRole, String address, String subject, String body) {
        public static final Set<String> ROLES = Set.of("subject", "witness");

        public Letter {
            if (recipientRole == null || !ROLES.contains(recipientRole)) {
                throw new InvalidInputException("recipient", "recipient must be 'subject' or 'witness'");
            }
            address = EmailAddresses.require("address", null, address);
            subject = text("subject", subject);
            body = text("body", body);
            if (subject.length() > 200) throw new InvalidInputException("subject", "the subject must be at most 200 characters");
        }
    }

    /** Checks, before a letter goes out, that this viewer may send it. */
    public void checkMaySend(Viewer viewer, String caseId) {
        access.require(viewer, caseId, CaseAction.HANDLE);
    }

    /**
     * Merges another case into this one: its reports, people, handlers and recusals join; its notes and letters
     * stay on it (sealed with its own key) and it is closed with a pointer here.
     */
    @Transactional
    public void merge(Viewer viewer, String intoId, String fromId) {
        CaseRow into = access.require(viewer, intoId, CaseAction.HANDLE);
        CaseRow from = access.require(viewer, fromId, CaseAction.HANDLE);
        if (into.id().equals(from.id())) throw new InvalidInputException("from", "a case cannot be merged into itself");
        if (into.mergedInto() != null || from.mergedInto() != null) {
            throw new ConflictException("from", "one of these cases was merged already");
        }
        List<String> moved = reportIds(fromId);
        // The other case's recusals and parties join this one; they must not leave it without an admin.
        floor.keepingAnAdmin(intoId, () -> {
            jdbc.sql("UPDATE case_report SET case_id = ? WHERE case_id = ?").params(intoId, fromId).update();
            copyPeopleAndRecusals(from, into, null);
        });
        jdbc.sql("UPDATE case_file SET status = ?, next_due = NULL, merged_into = ?, updated_at = ? WHERE id = ?")
                .params(CaseStatus.CLOSED.id(), intoId, clock.millis(), fromId).update();
        intake.setStatus(moved, into.status().reporterStatus());
        event(intoId, viewer.accountId(), "merged-from", from.codeName());
        event(fromId, viewer.accountId(), "merged-into", into.codeName());
        audit.record("merge", "case", fromId, intoId);
        audit.record("merge", "case", intoId, fromId);
    }

    /** Moves some reports out into a new case; the new case inherits the people, handlers and recusals. */
    @Transactional
    public String split(Viewer viewer, String caseId, Collection<String> reportIds) {
        CaseRow row = access.require(viewer, caseId, CaseAction.HANDLE);
        if (reportIds == null || reportIds.isEmpty()) throw new InvalidInputException("reports", "name the reports to move to a new case");
        Set<String> moving = new LinkedHashSet<>(reportIds);
        for (String reportId : moving) requireReportOf(caseId, reportId);
        if (moving.size() >= reportIds(caseId).size()) {
            throw new InvalidInputException("reports", "at least one report must stay in the case");
        }
        String newId = openCase(row.communityId(), viewer.accountId(), row.id());
        jdbc.sql("UPDATE case_report SET case_id = :to WHERE report_id IN (:reports)").param("to", newId).param("reports", List.copyOf(moving)).update();
        // People stay on the original too: its notes may concern them, so recusal must keep holding there.
        copyPeopleAndRecusals(row, jdbc.sql("SELECT * FROM case_file WHERE id = ?").param(newId).query(CaseRow::map).single(), moving);
        String name = jdbc.sql("SELECT code_name FROM case_file WHERE id = ?").param(newId).query(String.class).single();
        event(caseId, viewer.accountId(), "split-to", name);
        event(newId, viewer.accountId(), "split-from", row.codeName());
        intake.setStatus(moving, CaseStatus.NEW.reporterStatus());
        audit.record("split", "case", newId, caseId);
        return newId;
    }

    private void copyPeopleAndRecusals(CaseRow from, CaseRow to, Set<String> onlyReports) {
        long now = clock.millis();
        parties.copy(from, to, onlyReports);
        recusals.copy(from, to);
        jdbc.sql("""
                        INSERT INTO case_assignee (case_id, account_id, lead, assigned_at, assigned_by)
                        SELECT :to, a.account_id, :notLead, :now, a.assigned_by FROM case_assignee a
                        WHERE a.case_id = :from AND NOT EXISTS (SELECT 1 FROM case_assignee x WHERE x.case_id = :to AND x.account_id = a.account_id)
                          AND NOT EXISTS (SELECT 1 FROM case_recusal r WHERE r.case_id = :to AND r.account_id = a.account_id)""")
                .param("to", to.id()).param("from", from.id()).param("now", now).param("notLead", false).update();
    }

    /** An attached file of one of the case's reports. */
    @Transactional
    public AttachmentFile attachment(Viewer viewer, String caseId, String reportId, String attachmentId) {
        access.require(viewer, caseId, CaseAction.READ);
        requireReportOf(caseId, reportId);
        Intake.StoredAttachment meta = intake.attachments(reportId).stream().filter(a -> a.id().equals(attachmentId)).findFirst()
                .orElseThrow(() -> new NotFoundException("there is no such attachment"));
        audit.record("read", "attachment", attachmentId, caseId);
        return new AttachmentFile(meta.fileName(), meta.mediaType(), intake.attachmentContent(reportId, attachmentId));
    }

    public record AttachmentFile(String fileName, String mediaType, byte[] content) {
    }

    /** What deciding on a case needs to know: its community, its subjects and who may vote. */
    public record DecisionContext(String caseId, String communityId, String codeName, String status, List<String> subjectPersonIds,
                                  Committee committee) {
    }

    /**
     * The case as a decision sees it, if this viewer may take part in deciding it (404 when recused, 403 for
     * roles that do not decide), with its {@link Committee}.
     */
    public DecisionContext decisionContext(Viewer viewer, String caseId) {
        CaseRow row = access.require(viewer, caseId, CaseAction.DECIDE);
        return new DecisionContext(caseId, row.communityId(), row.codeName(), row.status().id(), subjectPersonIds(caseId), committee.of(caseId));
    }

    /** The case's reports (for telling their reporters the outcome). */
    public List<String> reportIdsOf(String caseId) {
        return reportIds(caseId);
    }

    /** The people the case is about (for the sanctions a decision puts on them). */
    public List<String> subjectPersonIds(String caseId) {
        return jdbc.sql("SELECT DISTINCT person_id FROM case_party WHERE case_id = ? AND role = 'subject' ORDER BY person_id")
                .param(caseId).query(String.class).list();
    }

    /** Whether this viewer may see the case (for lists other modules keep about cases, such as sanctions). */
    public boolean maySee(Viewer viewer, String caseId) {
        return access.canSee(viewer, caseId);
    }

    /** A decision on the case took effect: the case is decided and the timeline says so. */
    @Transactional
    public void decisionTookEffect(String caseId, String actorAccountId, String action) {
        CaseRow row = jdbc.sql("SELECT * FROM case_file WHERE id = ?").param(caseId).query(CaseRow::map).single();
        if (row.status() != CaseStatus.DECIDED) {
            jdbc.sql("UPDATE case_file SET status = ?, next_due = NULL, acknowledged_at = COALESCE(acknowledged_at, ?), updated_at = ? WHERE id = ?")
                    .params(CaseStatus.DECIDED.id(), clock.millis(), clock.millis(), caseId).update();
            intake.setStatus(reportIds(caseId), CaseStatus.DECIDED.reporterStatus());
        }
        event(caseId, actorAccountId, "decision-in-effect", action);
    }

    /** Records a step of a decision (proposed, approved, objected, lapsed, ...) on the case's timeline. */
    @Transactional
    public void recordDecisionStep(String caseId, String actorAccountId, String kind, String detail) {
        event(caseId, actorAccountId, kind, detail);
    }

    /** The staff accounts who may see a case (for notifications: recused members are not told). */
    public List<Account> staffWhoMaySee(String caseId) {
        return accounts.all().stream().filter(Account::active)
                .filter(account -> account.role() != Role.APPEAL_REVIEWER)
                .filter(account -> access.canSee(account.id(), caseId))
                .toList();
    }

    /** The staff assigned to handle the case (an appeal's reviewer must not be one of them). */
    public Set<String> handlerAccountIds(String caseId) {
        return new LinkedHashSet<>(jdbc.sql("SELECT account_id FROM case_assignee WHERE case_id = ?").param(caseId).query(String.class).list());
    }

    /** Whether the account is kept from the case: a declared conflict, a recusal, or being one of its parties. */
    public boolean isRecused(String accountId, String caseId) {
        return access.recused(accountId, caseId);
    }

    /** Read access for an appeal's reviewer, for as long as the appeal is open; recorded on the timeline. */
    @Transactional
    public void grantReview(String caseId, String accountId, String appealId) {
        // The same reviewer may come back to an appeal (reassigned, or reopened): their earlier grant is renewed.
        int renewed = jdbc.sql("UPDATE case_review_grant SET revoked_at = NULL, granted_at = ? WHERE case_id = ? AND account_id = ? AND appeal_id = ?")
                .params(clock.millis(), caseId, accountId, appealId).update();
        if (renewed == 0) {
            jdbc.sql("INSERT INTO case_review_grant (case_id, account_id, appeal_id, granted_at) VALUES (?, ?, ?, ?)")
                    .params(caseId, accountId, appealId, clock.millis()).update();
        }
        event(caseId, null, "appeal-review-granted", accountId);
        audit.recordAs("system", "grant", "case", caseId, caseId, "local");
    }

    /** Ends an appeal's read access (the appeal was decided, or another reviewer took it over). */
    @Transactional
    public void revokeReview(String caseId, String appealId) {
        int revoked = jdbc.sql("UPDATE case_review_grant SET revoked_at = ? WHERE case_id = ? AND appeal_id = ? AND revoked_at IS NULL")
                .params(clock.millis(), caseId, appealId).update();
        if (revoked > 0) event(caseId, null, "appeal-review-ended", appealId);
    }

    public String communityOf(String caseId) {
        return jdbc.sql("SELECT community_id FROM case_file WHERE id = ?").param(caseId).query(String.class).single();
    }

    public String codeName(String caseId) {
        return jdbc.sql("SELECT code_name FROM case_file WHERE id = ?").param(caseId).query(String.class).single();
    }

    private void requireReportOf(String caseId, String reportId) {
        if (jdbc.sql("SELECT COUNT(*) FROM case_report WHERE case_id = ? AND report_id = ?").params(caseId, reportId)
                .query(Integer.class).single() == 0) {
            throw new NotFoundException("this case has no report " + org.ombuds.platform.Slugs.printable(String.valueOf(reportId)));
        }
    }

    private List<String> reportIds(String caseId) {
        return jdbc.sql("SELECT cr.report_id FROM case_report cr WHERE cr.case_id = ? ORDER BY cr.added_at, cr.report_id")
                .param(caseId).query(String.class).list();
    }

    private List<CaseDetail.Party> parties(List<PartyRecords.Stored> stored) {
        return stored.stream().map(p -> new CaseDetail.Party(p.id(), p.personId(), p.role(), handlesOf(p.personId()), p.reportId(),
                accountName(p.confirmedBy()), p.addedAt(), p.reason())).toList();
    }

    private List<String> handlesOf(String personId) {
        return people.byId(personId).map(person -> person.handles().stream().map(IdentityHandle::toString).toList()).orElse(List.of());
    }

    /**
     * What a report says about who is involved, with what the committee knows of each handle: claims to confirm, never
     * facts. A known person's other handles show only to a reader who may see that person.
     */
    private List<CaseDetail.Claimed> claims(Viewer viewer, Intake.ReportFacts facts, org.ombuds.intake.ReportContent content,
                                           Set<String> partyPersons) {
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
        List<String> members = staff.namedBy(Set.of(fingerprint)).stream().map(this::accountName).toList();
        return new CaseDetail.Claimed(role, handle.toString(), owner.isPresent(), shown ? people.require(owner.get()).id() : null,
                shown ? handlesOf(owner.get()) : List.of(), party, members);
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
                    return new CaseDetail.Recusal(accountId, accountName(accountId), r.getString("kind"), Instant.ofEpochMilli(r.getLong("recorded_at")),
                            by == null || by.equals(accountId) || by.equals("system") ? null : accountName(by),
                            purged ? null : recusals.reason(row, accountId));
                }).list();
    }

    private static final Set<String> NAMING_AN_ACCOUNT = Set.of("recused", "conflict-declared", "recusal-lifted", "named-in-report", "named-still-sees");
    private static final Set<String> NAMING_A_PERSON = Set.of("subject-added", "party-confirmed", "party-removed");

    private List<CaseDetail.Event> timeline(CaseRow row, boolean purged) {
        return jdbc.sql("SELECT id, at, actor_account_id, kind, detail, sealed_reason FROM case_event WHERE case_id = ? ORDER BY at, id").param(row.id())
                .query((r, n) -> {
                    String kind = r.getString("kind");
                    String detail = r.getString("detail");
                    if (kind.startsWith("assigned") || NAMING_AN_ACCOUNT.contains(kind)) detail = accountName(detail);
                    if (NAMING_A_PERSON.contains(kind)) detail = detail == null ? null : String.join(", ", handlesOf(detail));
                    if (kind.equals("note")) detail = null; // the note itself is listed with the notes
                    String actor = r.getString("actor_account_id");
                    String sealed = r.getString("sealed_reason");
                    String reason = purged || sealed == null ? null : keys.open(row.dataKeyId(), sealed, Timeline.REASON_CONTEXT + ":" + r.getString("id"));
                    return new CaseDetail.Event(Instant.ofEpochMilli(r.getLong("at")), actor == null ? null : accountName(actor), kind, detail, reason);
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
        List<String> claimed = reportIds(caseId).stream().flatMap(reportId -> intake.claimsOf(reportId).stream())
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
                .query((row, n) -> summary(CaseRow.map(row, n), row.getInt("reports"), now)).list();
    }

    private CaseDetail.Permissions permissions(Viewer viewer, String caseId) {
        return new CaseDetail.Permissions(access.permits(viewer, caseId, CaseAction.NOTE), access.permits(viewer, caseId, CaseAction.HANDLE),
                access.permits(viewer, caseId, CaseAction.ASSIGN), access.permits(viewer, caseId, CaseAction.RECUSE),
                access.permits(viewer, caseId, CaseAction.DECIDE), access.permits(viewer, caseId, CaseAction.EXPORT),
                access.permits(viewer, caseId, CaseAction.HOLD));
    }

    private void event(String caseId, String actor, String kind, String detail) {
        timeline.record(caseId, actor, kind, detail);
    }

    private String accountName(String accountId) {
        return accountId == null ? null : accounts.byId(accountId).map(Account::name).orElse(accountId);
    }

    private static CaseSummary summary(CaseRow row, int reports, Instant now) {
        return new CaseSummary(row.id(), row.codeName(), CodeNames.display(row.codeName()), row.status().id(), row.severity().id(),
                row.openedAt(), row.nextDue(), row.nextDue() != null && row.nextDue().isBefore(now), reports, row.mergedInto());
    }

    static String text(String field, String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new InvalidInputException(field, field + " must be 1 to " + MAX_TEXT + " characters");
        }
        return text;
    }

    /** Cases opened or acknowledged in [from, to): those two dates only, for transparency reports. */
    public List<CaseStatistic> statistics(Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT opened_at, acknowledged_at FROM case_file
                        WHERE (opened_at >= :from AND opened_at < :to) OR (acknowledged_at >= :from AND acknowledged_at < :to)""")
                .param("from", from.toEpochMilli()).param("to", to.toEpochMilli())
                .query((row, n) -> {
                    long acknowledged = row.getLong(2);
                    return new CaseStatistic(Instant.ofEpochMilli(row.getLong(1)), row.wasNull() ? null : Instant.ofEpochMilli(acknowledged));
                }).list();
    }

    /** When each of these cases was opened (for the time from a case's opening to its first decision). */
    public Map<String, Instant> openedAt(Collection<String> caseIds) {
        if (caseIds.isEmpty()) return Map.of();
        Map<String, Instant> opened = new java.util.HashMap<>();
        jdbc.sql("SELECT id, opened_at FROM case_file WHERE id IN (:ids)").param("ids", List.copyOf(caseIds))
                .query((row, n) -> opened.put(row.getString(1), Instant.ofEpochMilli(row.getLong(2)))).list();
        return opened;
    }
}
