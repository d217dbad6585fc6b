package org.ombuds.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Communities;
import org.ombuds.community.Community;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.crypto.DataKeys;
import org.ombuds.crypto.Fingerprints;
import org.ombuds.platform.Ids;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.EmailAddresses;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RateLimits;
import org.ombuds.intake.internal.AttachmentStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Takes reports and keeps the reporter's channel to the committee. A report is acknowledged (its receipt
 * returned) only after it is committed; everything the reporter wrote is sealed with the report's own key.
 */
@Service
public class Intake {
    public static final int MAX_DESCRIPTION = 20_000;
    private static final String CONTENT = "report.sealed_content";
    private static final String MESSAGE = "report_message.sealed_body";
    private static final String ATTACHMENT = "report_attachment";
    private static final String RECEIVED = "received";

    private final JdbcClient jdbc;
    private final CodeOfConduct code;
    private final Communities communities;
    private final Spaces spaces;
    private final People people;
    private final DataKeys keys;
    private final Fingerprints fingerprints;
    private final RateLimits limits;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final AttachmentStore attachmentStore;
    private final TransactionTemplate transactions;

    Intake(JdbcClient jdbc, CodeOfConduct code, Communities communities, Spaces spaces, People people, DataKeys keys,
           Fingerprints fingerprints, RateLimits limits, ApplicationEventPublisher events, JsonMapper json, Clock clock,
           AttachmentStore attachmentStore, PlatformTransactionManager transactionManager) {
        this.attachmentStore = attachmentStore;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.code = code;
        this.communities = communities;
        this.spaces = spaces;
        this.people = people;
        this.keys = keys;
        this.fingerprints = fingerprints;
        this.limits = limits;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** What the reporter keeps: the receipt is shown once and stored only as a keyed fingerprint. */
    public record Submitted(String reportId, String receipt) {
    }

    public static final int MAX_ATTACHMENTS = 5;
    public static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    public static final long MAX_ATTACHMENTS_BYTES = 25L * 1024 * 1024;

    /** Whether a report from this source message (an email's Message-ID) is stored already. */
    public boolean knownSource(String sourceId) {
        return jdbc.sql("SELECT COUNT(*) FROM report WHERE source_fingerprint = ?").param(sourceFingerprint(sourceId))
                .query(Integer.class).single() > 0;
    }

    /**
     * A report with files; the files are on disk before the report commits, so an acknowledgement means both
     * are kept. {@code sourceId} (an email's Message-ID), when given, is stored so the same message makes one report.
     */
    public Submitted submit(NewReport report, List<Attachment> attachments, String sourceId) {
        // Lookups, validation and encryption first: SQLite has one writer, so the write transaction holds only inserts.
        List<String> mediaTypes = checkAttachments(attachments);
        Optional<Space> space = report.space() == null || report.space().isBlank() ? Optional.empty()
                : Optional.of(spaces.bySlug(report.space().strip())
                        .orElseThrow(() -> new InvalidInputException("space", "there is no space '" + report.space().strip() + "'", null,
                                org.ombuds.platform.Slugs.printable(report.space().strip()))));
        Community community = space.map(s -> communities.byId(s.communityId()).orElseThrow()).orElseGet(communities::first);
        String communityId = community.id();
        CodeVersion inForce = code.currentOf(community);
        ReportContent content = validate(report, inForce);

        String id = Ids.newId();
        String receipt = Receipts.generate();
        String key = keys.prepare();
        String sealedContent = keys.seal(key, json.writeValueAsString(content), CONTENT + ":" + id);
        List<SealedAttachment> files = new ArrayList<>();
        for (int i = 0; i < attachments.size(); i++) {
            files.add(sealAndWrite(id, key, attachments.get(i), mediaTypes.get(i)));
        }
        List<Claim> claims = claims(content, report.witness());
        return transactions.execute(status -> {
            keys.persist(key);
            jdbc.sql("""
                            INSERT INTO report (id, community_id, coc_version, category, space_id, occurred_at, received_at, source,
                                anonymous, witness, share_identity, data_key_id, sealed_content, status, receipt_fingerprint, source_fingerprint)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, communityId, inForce.version(), report.category(), space.map(Space::id).orElse(null),
                            report.occurredAt() == null ? null : report.occurredAt().toEpochMilli(), clock.millis(), source(report.source()),
                            report.anonymous(), report.witness(), !report.anonymous() && report.shareIdentity(), key,
                            sealedContent, RECEIVED, receiptFingerprint(receipt), sourceId == null ? null : sourceFingerprint(sourceId))
                    .update();
            for (Claim claim : claims) {
                jdbc.sql("INSERT INTO report_claim (report_id, role, kind, fingerprint) VALUES (?, ?, ?, ?)")
                        .params(id, claim.role(), claim.kind(), claim.fingerprint()).update();
            }
            for (SealedAttachment file : files) {
                jdbc.sql("INSERT INTO report_attachment (id, report_id, sealed_name, media_type, size, stored_at) VALUES (?, ?, ?, ?, ?, ?)")
                        .params(file.id(), id, file.sealedName(), file.mediaType(), file.size(), clock.millis()).update();
            }
            events.publishEvent(new ReportReceived(id, communityId, report.category(), report.witness(), claims));
            return new Submitted(id, receipt);
        });
    }

    /**
     * What the report says about who is involved, as claims: the handles it names (role subject) and the reporter's own
     * address unless anonymous (reporter, or witness). Only fingerprints: the values stay in the sealed content.
     */
    private List<Claim> claims(ReportContent content, boolean witness) {
        java.util.Map<String, Claim> claims = new java.util.LinkedHashMap<>();
        for (String text : content.reportedHandles()) {
            IdentityHandle handle = IdentityHandle.parse(text);
            claims.putIfAbsent("subject " + people.fingerprint(handle), new Claim(Claim.SUBJECT, handle.kind(), people.fingerprint(handle)));
        }
        if (content.reporterEmail() != null) {
            IdentityHandle address = IdentityHandle.parse("email:" + content.reporterEmail());
            String role = witness ? Claim.WITNESS : Claim.REPORTER;
            claims.putIfAbsent(role + " " + people.fingerprint(address), new Claim(role, "email", people.fingerprint(address)));
        }
        return List.copyOf(claims.values());
    }

    /** The claims a report makes about who is involved (for the committee to match and confirm). */
    public List<Claim> claimsOf(String reportId) {
        return jdbc.sql("SELECT role, kind, fingerprint FROM report_claim WHERE report_id = ? ORDER BY role, kind, fingerprint").param(reportId)
                .query((row, n) -> new Claim(row.getString(1), row.getString(2), row.getString(3))).list();
    }

    /** The reports that claim any of these fingerprints in this role, oldest first. */
    public List<String> claiming(String role, java.util.Collection<String> fingerprints) {
        if (fingerprints.isEmpty()) return List.of();
        List<String> reports = new ArrayList<>();
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(fingerprints));
        for (int from = 0; from < all.size(); from += 500) {
            reports.addAll(jdbc.sql("""
                            SELECT DISTINCT r.id, r.received_at FROM report r JOIN report_claim c ON c.report_id = r.id
                            WHERE c.role = :role AND c.fingerprint IN (:fingerprints) ORDER BY r.received_at, r.id""")
                    .param("role", role).param("fingerprints", all.subList(from, Math.min(all.size(), from + 500)))
                    .query((row, n) -> row.getString(1)).list());
        }
        return reports.stream().distinct().toList();
    }

    /** An attached file's metadata, for the committee. */
    public record StoredAttachment(String id, String fileName, String mediaType, long size) {
    }

    public List<StoredAttachment> attachments(String reportId) {
        Report report = report(reportId);
        return jdbc.sql("SELECT id, sealed_name, media_type, size FROM report_attachment WHERE report_id = ? ORDER BY stored_at, id")
                .param(reportId)
                .query((row, n) -> new StoredAttachment(row.getString("id"),
                        keys.open(report.key(), row.getString("sealed_name"), ATTACHMENT + ":" + row.getString("id")),
                        row.getString("media_type"), row.getLong("size")))
                .list();
    }

    /** An attached file's content, opened. Callers are responsible for checking that the reader may see it. */
    public byte[] attachmentContent(String reportId, String attachmentId) {
        Report report = report(reportId);
        jdbc.sql("SELECT id FROM report_attachment WHERE id = ? AND report_id = ?").params(attachmentId, reportId)
                .query(String.class).optional().orElseThrow(() -> new NotFoundException("there is no such attachment"));
        return keys.openBytes(report.key(), attachmentStore.read(reportId, attachmentId), ATTACHMENT + ":" + attachmentId);
    }

    private List<String> checkAttachments(List<Attachment> attachments) {
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw new InvalidInputException("attachments", "at most " + MAX_ATTACHMENTS + " files", "attachments.count", MAX_ATTACHMENTS);
        }
        long total = 0;
        List<String> types = new ArrayList<>();
        for (Attachment attachment : attachments) {
            total += attachment.bytes().length;
            if (attachment.bytes().length > MAX_ATTACHMENT_BYTES || total > MAX_ATTACHMENTS_BYTES) {
                throw new InvalidInputException("attachments", "each file may be at most 10 MB and all together 25 MB", "attachments.size");
            }
            String fileName = org.ombuds.platform.Slugs.printable(String.valueOf(attachment.fileName()));
            types.add(AttachmentTypes.detect(attachment.bytes()).orElseThrow(() -> new InvalidInputException("attachments",
                    "'" + fileName + "' is not an image (PNG, JPEG, GIF, WebP), a PDF or plain text", "attachments.type", fileName)));
        }
        return types;
    }

    private record SealedAttachment(String id, String sealedName, String mediaType, long size) {
    }

    /** The file goes to disk (forced) before the report's transaction, so a committed report never lacks it. */
    private SealedAttachment sealAndWrite(String reportId, String key, Attachment attachment, String mediaType) {
        String attachmentId = Ids.newId();
        String name = attachment.fileName() == null || attachment.fileName().isBlank() ? "attachment" : attachment.fileName().strip();
        attachmentStore.write(reportId, attachmentId, keys.sealBytes(key, attachment.bytes(), ATTACHMENT + ":" + attachmentId));
        return new SealedAttachment(attachmentId, keys.seal(key, name.length() > 255 ? name.substring(0, 255) : name,
                ATTACHMENT + ":" + attachmentId), mediaType, attachment.bytes().length);
    }

    /** The reporter's view. Unknown and wrong codes get the same answer and are counted against the client. */
    public ReceiptView follow(String receipt, String client) {
        Report report = byReceipt(receipt, client);
        return new ReceiptView(report.status(), report.receivedAt(), report.category(), messages(report), report.purgedAt());
    }

    private List<ReceiptView.Message> messages(Report report) {
        return jdbc.sql("SELECT author, sent_at, sealed_body FROM report_message WHERE report_id = ? ORDER BY sent_at, id")
                .param(report.id())
                .query((row, n) -> new ReceiptView.Message(row.getString("author"), Instant.ofEpochMilli(row.getLong("sent_at")),
                        keys.open(report.key(), row.getString("sealed_body"), MESSAGE + ":" + report.id())))
                .list();
    }

    @Transactional
    public void reply(String receipt, String body, String client) {
        Report report = byReceipt(receipt, client);
        limits.take("receipt-messages", client);
        if (report.purgedAt() != null) {
            throw new ConflictException("body", "this report's records were deleted under the retention policy, so the conversation"
                    + " is closed; to raise something new, send a new report", "purged");
        }
        addMessage(report, "reporter", null, body);
    }

    /** A committee member writes to the reporter through the receipt channel (the reporter sees "committee"). */
    @Transactional
    public void messageReporter(String reportId, String accountId, String body) {
        addMessage(report(reportId), "committee", accountId, body);
        events.publishEvent(new CommitteeWroteToReporter(reportId));
    }

    /** The newest committee message of a report, opened, for delivery by email. */
    public Optional<String> latestCommitteeMessage(String reportId) {
        Report report = report(reportId);
        return jdbc.sql("SELECT sealed_body FROM report_message WHERE report_id = ? AND author = 'committee' ORDER BY sent_at DESC, id LIMIT 1")
                .param(reportId).query(String.class).optional()
                .map(sealed -> keys.open(report.key(), sealed, MESSAGE + ":" + reportId));
    }

    /** What the committee sees of a report besides its sealed content. */
    public record ReportFacts(String id, String category, String source, boolean anonymous, boolean witness, boolean shareIdentity,
                              String spaceId, Instant occurredAt, Instant receivedAt, String status) {
    }

    public ReportFacts facts(String reportId) {
        return jdbc.sql("""
                        SELECT id, category, source, anonymous, witness, share_identity, space_id, occurred_at, received_at, status
                        FROM report WHERE id = ?""")
                .param(reportId)
                .query((row, n) -> {
                    long occurred = row.getLong("occurred_at");
                    Instant occurredAt = row.wasNull() ? null : Instant.ofEpochMilli(occurred);
                    return new ReportFacts(row.getString("id"), row.getString("category"), row.getString("source"),
                            row.getBoolean("anonymous"), row.getBoolean("witness"), row.getBoolean("share_identity"),
                            row.getString("space_id"), occurredAt, Instant.ofEpochMilli(row.getLong("received_at")), row.getString("status"));
                })
                .optional().orElseThrow(() -> new NotFoundException("there is no report " + reportId));
    }

    /** The conversation between reporter and committee, opened. Callers check that the reader may see it. */
    public List<ReceiptView.Message> conversation(String reportId) {
        Report report = report(reportId);
        return messages(report);
    }

    /**
     * What the reporter is told about progress: received, acknowledged, investigating, decided or closed (the case's
     * status in the words of the receipt page).
     */
    @Transactional
    public void setStatus(java.util.Collection<String> reportIds, String status) {
        if (reportIds.isEmpty()) return;
        jdbc.sql("UPDATE report SET status = :status WHERE id IN (:ids)").param("status", status).param("ids", reportIds).update();
    }

    /** The report's content, opened (empty once purged). Callers are responsible for checking that the reader may see it. */
    public ReportContent content(String reportId) {
        Report report = report(reportId);
        if (purged(reportId)) return new ReportContent(null, null, null, null, List.of(), null, null, null);
        String sealed = jdbc.sql("SELECT sealed_content FROM report WHERE id = ?").param(reportId).query(String.class).single();
        return json.readValue(keys.open(report.key(), sealed, CONTENT + ":" + reportId), ReportContent.class);
    }

    private record Report(String id, String key, String status, String category, Instant receivedAt, Instant purgedAt) {
    }

    private boolean purged(String reportId) {
        return jdbc.sql("SELECT COUNT(*) FROM report WHERE id = ? AND purged_at IS NOT NULL").param(reportId).query(Integer.class).single() > 0;
    }

    /**
     * Purges reports: what the reporter wrote (content, messages, attached files) is deleted and the report's data
     * key destroyed, so no copy of the database opens it again; the links to the people it named go too. What
     * transparency counts need stays: category, space, dates, source, status. Returns how many were purged now.
     */
    @Transactional
    public int purge(java.util.Collection<String> reportIds) {
        int purged = 0;
        for (String reportId : reportIds) {
            Report report = report(reportId);
            if (purged(reportId)) continue;
            jdbc.sql("DELETE FROM report_message WHERE report_id = ?").param(reportId).update();
            jdbc.sql("DELETE FROM report_attachment WHERE report_id = ?").param(reportId).update();
            jdbc.sql("DELETE FROM report_claim WHERE report_id = ?").param(reportId).update();
            jdbc.sql("UPDATE report SET sealed_content = '', reporter_person_id = NULL, reported_person_id = NULL, purged_at = ? WHERE id = ?")
                    .params(clock.millis(), reportId).update();
            keys.destroy(report.key());
            attachmentStore.deleteAll(reportId);
            purged++;
        }
        return purged;
    }

    /**
     * The reports these person records filed under their own name (not anonymously), oldest first: those whose
     * reporter's address is one of theirs, and those linked to them before reports kept claims.
     */
    public List<String> filedBy(java.util.Collection<String> personIds) {
        if (personIds.isEmpty()) return List.of();
        return jdbc.sql("""
                        SELECT id FROM report WHERE anonymous = :anonymous AND (reporter_person_id IN (:persons) OR id IN (
                            SELECT report_id FROM report_claim WHERE role IN ('reporter', 'witness') AND fingerprint IN (:fingerprints)))
                        ORDER BY received_at, id""")
                .param("persons", List.copyOf(personIds)).param("anonymous", false).param("fingerprints", fingerprintsOf(personIds))
                .query(String.class).list();
    }

    /** The reports that name these person records by one of their handles (or were linked to them before claims), oldest first. */
    public List<String> about(java.util.Collection<String> personIds) {
        if (personIds.isEmpty()) return List.of();
        return jdbc.sql("""
                        SELECT id FROM report WHERE reported_person_id IN (:persons) OR id IN (
                            SELECT report_id FROM report_claim WHERE role = 'subject' AND fingerprint IN (:fingerprints))
                        ORDER BY received_at, id""")
                .param("persons", List.copyOf(personIds)).param("fingerprints", fingerprintsOf(personIds)).query(String.class).list();
    }

    private List<String> fingerprintsOf(java.util.Collection<String> personIds) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        people.fingerprintsOf(personIds).values().forEach(all::addAll);
        return all.isEmpty() ? List.of("-") : List.copyOf(all);
    }

    /**
     * Takes the reported person's name and handles out of reports about them (an erasure): the reports stay, sealed
     * again with their own key, naming them by {@code placeholder}.
     */
    @Transactional
    public void forgetReportedPerson(java.util.Collection<String> reportIds, String placeholder) {
        for (String reportId : reportIds) {
            if (purged(reportId)) continue;
            Report report = report(reportId);
            ReportContent content = content(reportId);
            ReportContent redacted = new ReportContent(content.description(), content.location(), content.evidence(),
                    content.reportedName() == null ? null : placeholder, List.of(), content.reporterName(), content.reporterEmail(), content.contact());
            jdbc.sql("UPDATE report SET sealed_content = ?, reported_person_id = NULL WHERE id = ?")
                    .params(keys.seal(report.key(), json.writeValueAsString(redacted), CONTENT + ":" + reportId), reportId).update();
            jdbc.sql("DELETE FROM report_claim WHERE report_id = ? AND role = 'subject'").param(reportId).update();
        }
    }

    private Report byReceipt(String receipt, String client) {
        // Before the lookup: a client over the limit learns nothing, not even that a guess was right.
        limits.check("receipt-misses", client);
        Optional<Report> report = jdbc.sql("SELECT id, data_key_id, status, category, received_at, purged_at FROM report WHERE receipt_fingerprint = ?")
                .param(receiptFingerprint(receipt))
                .query(Intake::map).optional();
        if (report.isEmpty()) {
            limits.take("receipt-misses", client);
            throw new NotFoundException("no report matches this receipt; check the code and try again");
        }
        return report.get();
    }

    private Report report(String reportId) {
        return jdbc.sql("SELECT id, data_key_id, status, category, received_at, purged_at FROM report WHERE id = ?").param(reportId)
                .query(Intake::map).optional().orElseThrow(() -> new NotFoundException("there is no report " + reportId));
    }

    private void addMessage(Report report, String author, String accountId, String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() || text.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("body", "the message must be 1 to " + MAX_DESCRIPTION + " characters", null, MAX_DESCRIPTION);
        }
        jdbc.sql("INSERT INTO report_message (id, report_id, author, author_account_id, sent_at, sealed_body) VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), report.id(), author, accountId, clock.millis(), keys.seal(report.key(), text, MESSAGE + ":" + report.id()))
                .update();
    }

    /** Anything that is not a receipt gets a fingerprint no receipt has, and the same work as a real lookup. */
    private String receiptFingerprint(String receipt) {
        String canonical = Receipts.canonical(receipt);
        return fingerprints.of("receipt:" + (canonical == null ? "-" : canonical));
    }

    private String sourceFingerprint(String sourceId) {
        return fingerprints.of("source:" + sourceId);
    }

    private ReportContent validate(NewReport report, CodeVersion inForce) {
        boolean triageLater = "email".equals(report.source()) && report.category() == null;
        if (!triageLater && (report.category() == null || !inForce.defines(report.category()))) {
            String categories = String.join(", ", inForce.categories().stream().map(c -> c.id()).toList());
            throw new InvalidInputException("category", "category must be one of the Code's categories: " + categories, null, categories);
        }
        String description = trimmed(report.description());
        if (description == null || description.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "describe what happened in 1 to " + MAX_DESCRIPTION + " characters", null, MAX_DESCRIPTION);
        }
        Instant now = clock.instant();
        if (report.occurredAt() != null && (report.occurredAt().isAfter(now.plus(Duration.ofDays(1)))
                || report.occurredAt().isBefore(now.minus(Duration.ofDays(365 * 50))))) {
            throw new InvalidInputException("occurredAt", "the date of what happened cannot be in the future or more than 50 years ago");
        }
        if (report.reportedHandles().size() > 20) {
            throw new InvalidInputException("reported.handles", "at most 20 handles", null, 20);
        }
        List<String> handles = new ArrayList<>();
        for (String handle : report.reportedHandles()) {
            if (handle == null) {
                throw new InvalidInputException("reported.handles", "a handle is written kind:value, for example github:octocat;"
                        + " the list holds an empty entry", "reported.handles.invalid", "");
            }
            try {
                handles.add(IdentityHandle.parse(handle).toString());
            } catch (InvalidInputException e) {
                String why = e.code().endsWith(EmailAddresses.INTERNATIONAL) ? "reported.handles.international" : "reported.handles.invalid";
                throw new InvalidInputException("reported.handles", e.getMessage(), why, org.ombuds.platform.Slugs.printable(handle));
            }
        }
        String reporterName = bounded("reporter.name", report.reporterName(), 200);
        String reporterEmail = trimmed(report.reporterEmail());
        if (report.anonymous() && (reporterName != null || reporterEmail != null)) {
            throw new InvalidInputException("reporter", "an anonymous report carries no name or email; leave them out or set anonymous to false");
        }
        if (reporterEmail != null) reporterEmail = EmailAddresses.require("reporter.email", null, reporterEmail);
        return new ReportContent(description, bounded("location", report.location(), 500), bounded("evidence", report.evidence(), MAX_DESCRIPTION),
                bounded("reported.name", report.reportedName(), 200), handles, reporterName, reporterEmail,
                bounded("contact", report.contact(), 500));
    }

    private static String source(String source) {
        return source == null ? "api" : source;
    }

    private static String bounded(String field, String value, int max) {
        String text = trimmed(value);
        if (text != null && text.length() > max) {
            throw new InvalidInputException(field, field + " must be at most " + max + " characters", null, max);
        }
        return text;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Report map(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        long purged = row.getLong("purged_at");
        Instant purgedAt = row.wasNull() ? null : Instant.ofEpochMilli(purged);
        return new Report(row.getString("id"), row.getString("data_key_id"), row.getString("status"), row.getString("category"),
                Instant.ofEpochMilli(row.getLong("received_at")), purgedAt);
    }

    /** Reports received in [from, to): arrival and category only, for transparency reports. */
    public List<ReportStatistic> statistics(Instant from, Instant to) {
        return jdbc.sql("SELECT received_at, category FROM report WHERE received_at >= ? AND received_at < ?")
                .params(from.toEpochMilli(), to.toEpochMilli())
                .query((row, n) -> new ReportStatistic(Instant.ofEpochMilli(row.getLong(1)), row.getString(2))).list();
    }
}
