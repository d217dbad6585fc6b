package org.ombuds.intake.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.ombuds.intake.Attachment;
import org.ombuds.intake.Claim;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.intake.Receipts;
import org.ombuds.intake.ReportContent;
import org.ombuds.intake.ReportReceived;
import org.ombuds.platform.GroupCommit;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Submitting a report, the one way in for the web form, the API and email intake. The report is acknowledged (its
 * receipt returned) only after it is committed; everything the reporter wrote is sealed with the report's own key.
 */
@Component
public class SubmittingReport {
    private static final String RECEIVED = "received";

    private final JdbcClient jdbc;
    private final CodeOfConduct code;
    private final Communities communities;
    private final Spaces spaces;
    private final People people;
    private final DataKeys keys;
    private final NewReportRules rules;
    private final ReportAttachments attachments;
    private final ReportRecords records;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final java.time.Clock clock;
    private final TransactionTemplate reading;
    private final GroupCommit writing;

    SubmittingReport(JdbcClient jdbc, CodeOfConduct code, Communities communities, Spaces spaces, People people, DataKeys keys,
                     NewReportRules rules, ReportAttachments attachments, ReportRecords records, ApplicationEventPublisher events,
                     JsonMapper json, java.time.Clock clock, PlatformTransactionManager transactionManager, GroupCommit writing) {
        this.jdbc = jdbc;
        this.code = code;
        this.communities = communities;
        this.spaces = spaces;
        this.people = people;
        this.keys = keys;
        this.rules = rules;
        this.attachments = attachments;
        this.records = records;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.reading = new TransactionTemplate(transactionManager);
        this.reading.setReadOnly(true);
        this.writing = writing;
    }

    /** Whether a report from this source message (an email's Message-ID) is stored already. */
    public boolean knownSource(String sourceId) {
        return jdbc.sql("SELECT COUNT(*) FROM report WHERE source_fingerprint = ?").param(records.sourceFingerprint(sourceId))
                .query(Integer.class).single() > 0;
    }

    /**
     * A report with files; the files are on disk before the report commits, so an acknowledgement means both
     * are kept. {@code sourceId} (an email's Message-ID), when given, is stored so the same message makes one report.
     */
    public Intake.Submitted submit(NewReport report, List<Attachment> files, String sourceId) {
        // Lookups, validation and encryption first, in a read-only transaction (on SQLite beside the writer): the
        // write transaction holds only inserts, and on SQLite it is grouped with other reports' (GroupCommit).
        Prepared prepared = reading.execute(status -> prepare(report, files, sourceId));
        return writing.write(() -> store(prepared));
    }

    private Prepared prepare(NewReport report, List<Attachment> files, String sourceId) {
        List<String> mediaTypes = rules.checkAttachments(files);
        Optional<Space> space = report.space() == null || report.space().isBlank() ? Optional.empty()
                : Optional.of(spaces.bySlug(report.space().strip())
                        .orElseThrow(() -> new InvalidInputException("space", "there is no space '" + report.space().strip() + "'", null,
                                Slugs.printable(report.space().strip()))));
        Community community = space.map(s -> communities.byId(s.communityId()).orElseThrow()).orElseGet(communities::first);
        String communityId = community.id();
        CodeVersion inForce = code.currentOf(community);
        ReportContent content = rules.check(report, inForce);

        String id = Ids.newId();
        String receipt = Receipts.generate();
        String key = keys.prepare();
        String sealedContent = keys.seal(key, json.writeValueAsString(content), ReportRecords.CONTENT + ":" + id);
        List<ReportAttachments.Sealed> sealed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            sealed.add(attachments.sealAndWrite(id, key, files.get(i), mediaTypes.get(i)));
        }
        List<Claim> claims = claims(content, report.witness());
        return new Prepared(report, id, receipt, records.receiptFingerprint(receipt),
                sourceId == null ? null : records.sourceFingerprint(sourceId), key, sealedContent, sealed, claims, communityId, inForce, space);
    }

    /** A report checked, sealed and fingerprinted, ready to be stored: the single writer only inserts. */
    private record Prepared(NewReport report, String id, String receipt, String receiptFingerprint, String sourceFingerprint, String key,
                            String sealedContent, List<ReportAttachments.Sealed> sealed, List<Claim> claims, String communityId,
                            CodeVersion inForce, Optional<Space> space) {
    }

    private Intake.Submitted store(Prepared p) {
        NewReport report = p.report();
        keys.persist(p.key());
        jdbc.sql("""
                        INSERT INTO report (id, community_id, coc_version, category, space_id, occurred_at, received_at, source,
                            anonymous, witness, share_identity, data_key_id, sealed_content, status, receipt_fingerprint, source_fingerprint)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.id(), p.communityId(), p.inForce().version(), report.category(), p.space().map(Space::id).orElse(null),
                        report.occurredAt() == null ? null : report.occurredAt().toEpochMilli(), clock.millis(), source(report.source()),
                        report.anonymous(), report.witness(), !report.anonymous() && report.shareIdentity(), p.key(),
                        p.sealedContent(), RECEIVED, p.receiptFingerprint(), p.sourceFingerprint())
                .update();
        for (Claim claim : p.claims()) {
            jdbc.sql("INSERT INTO report_claim (report_id, role, kind, fingerprint) VALUES (?, ?, ?, ?)")
                    .params(p.id(), claim.role(), claim.kind(), claim.fingerprint()).update();
        }
        for (ReportAttachments.Sealed file : p.sealed()) attachments.record(p.id(), file);
        events.publishEvent(new ReportReceived(p.id(), p.communityId(), report.category(), report.witness(), p.claims()));
        return new Intake.Submitted(p.id(), p.receipt());
    }

    /**
     * What the report says about who is involved, as claims: the handles it names (role subject) and the reporter's own
     * address unless anonymous (reporter, or witness). Only fingerprints: the values stay in the sealed content.
     */
    private List<Claim> claims(ReportContent content, boolean witness) {
        Map<String, Claim> claims = new LinkedHashMap<>();
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

    private static String source(String source) {
        return source == null ? "api" : source;
    }
}
