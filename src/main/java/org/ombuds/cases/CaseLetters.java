package org.ombuds.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.audit.AuditLog;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.EmailAddresses;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The letters on a case (case_letter): those a handler writes to the reported person or a witness, and those Ombuds
 * writes on the committee's behalf (a sanction's announcement, its end), each sealed with the case's key. What a
 * letter to the person sanctioned may say is {@link ReporterShield}'s to decide.
 */
@Service
public class CaseLetters {
    static final String LETTER_CONTEXT = "case_letter";
    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final DataKeys keys;
    private final AuditLog audit;
    private final Timeline timeline;
    private final CaseRecords records;
    private final Clock clock;

    CaseLetters(JdbcClient jdbc, CaseAccess access, DataKeys keys, AuditLog audit, Timeline timeline, CaseRecords records, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.keys = keys;
        this.audit = audit;
        this.timeline = timeline;
        this.records = records;
        this.clock = clock;
    }

    /** A letter as validated before sending: {@code recipientRole} is subject or witness. */
    public record Letter(String recipientRole, String address, String subject, String body) {
        public static final Set<String> ROLES = Set.of("subject", "witness");

        public Letter {
            if (recipientRole == null || !ROLES.contains(recipientRole)) {
                throw new InvalidInputException("recipient", "recipient must be 'subject' or 'witness'");
            }
            address = EmailAddresses.require("address", null, address);
            subject = CaseRecords.text("subject", subject);
            body = CaseRecords.text("body", body);
            if (subject.length() > 200) throw new InvalidInputException("subject", "the subject must be at most 200 characters");
        }
    }

    /** Checks, before a letter goes out, that this viewer may send it. */
    public void checkMaySend(Viewer viewer, String caseId) {
        access.require(viewer, caseId, CaseAction.HANDLE);
    }

    /** A letter to the reported person or a witness, recorded (sealed) on the case once the mail server took it. */
    @Transactional
    public String recordLetter(Viewer viewer, String caseId, Letter letter) {
        CaseRow row = access.require(viewer, caseId, CaseAction.HANDLE);
        return insert(row, viewer.accountId(), letter.recipientRole(), letter.address(), letter.subject(), letter.body(), null, "sent");
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
        insert(records.row(caseId), sentByAccountId, "subject", address == null ? "" : address, subject, body, regarding, delivery);
        if (!delivery.equals("sent")) timeline.record(caseId, null, CaseEvent.Kind.LETTER_NOT_SENT, delivery);
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

    /** The case's letters, opened (callers checked that the reader may see the case, and record each read). */
    List<CaseDetail.Letter> of(CaseRow row) {
        return jdbc.sql("SELECT * FROM case_letter WHERE case_id = ? ORDER BY sent_at, id").param(row.id())
                .query((r, n) -> new CaseDetail.Letter(r.getString("id"), r.getString("recipient_role"),
                        keys.open(row.dataKeyId(), r.getString("sealed_address"), LETTER_CONTEXT + ":" + r.getString("id")),
                        keys.open(row.dataKeyId(), r.getString("sealed_subject"), LETTER_CONTEXT + ":" + r.getString("id")),
                        keys.open(row.dataKeyId(), r.getString("sealed_body"), LETTER_CONTEXT + ":" + r.getString("id")),
                        records.accountName(r.getString("sent_by")), Instant.ofEpochMilli(r.getLong("sent_at")), r.getString("delivery")))
                .list();
    }

    private String insert(CaseRow row, String sentBy, String role, String address, String subject, String body, String regarding,
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
        timeline.record(row.id(), regarding == null ? sentBy : null, CaseEvent.Kind.LETTER, role);
        audit.record("create", "letter", id, row.id());
        return id;
    }
}
