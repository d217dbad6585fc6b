package org.ombuds.intake.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ombuds.crypto.DataKeys;
import org.ombuds.crypto.Fingerprints;
import org.ombuds.intake.Intake;
import org.ombuds.intake.Receipts;
import org.ombuds.intake.ReceiptView;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL that several of intake's activities share: a report's row and key, its lookup by receipt, and the
 * conversation in {@code report_message}. Intake owns {@code report}, {@code report_claim}, {@code report_message}
 * and {@code report_attachment}; no other module reads them.
 */
@Component
public class ReportRecords {
    static final String CONTENT = "report.sealed_content";
    static final String MESSAGE = "report_message.sealed_body";
    static final String ATTACHMENT = "report_attachment";
    private static final String COLUMNS = "SELECT id, data_key_id, status, category, received_at, purged_at FROM report";

    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final Fingerprints fingerprints;
    private final java.time.Clock clock;

    ReportRecords(JdbcClient jdbc, DataKeys keys, Fingerprints fingerprints, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.fingerprints = fingerprints;
        this.clock = clock;
    }

    /** What the activities need of a report to open what it holds. */
    record Report(String id, String key, String status, String category, Instant receivedAt, Instant purgedAt) {
    }

    Report report(String reportId) {
        return jdbc.sql(COLUMNS + " WHERE id = ?").param(reportId)
                .query(ReportRecords::map).optional().orElseThrow(() -> new NotFoundException("there is no report " + reportId));
    }

    Optional<Report> byReceipt(String receipt) {
        return jdbc.sql(COLUMNS + " WHERE receipt_fingerprint = ?").param(receiptFingerprint(receipt)).query(ReportRecords::map).optional();
    }

    boolean purged(String reportId) {
        return jdbc.sql("SELECT COUNT(*) FROM report WHERE id = ? AND purged_at IS NOT NULL").param(reportId).query(Integer.class).single() > 0;
    }

    /** Anything that is not a receipt gets a fingerprint no receipt has, and the same work as a real lookup. */
    String receiptFingerprint(String receipt) {
        String canonical = Receipts.canonical(receipt);
        return fingerprints.of("receipt:" + (canonical == null ? "-" : canonical));
    }

    String sourceFingerprint(String sourceId) {
        return fingerprints.of("source:" + sourceId);
    }

    List<ReceiptView.Message> messages(Report report) {
        return jdbc.sql("SELECT author, sent_at, sealed_body FROM report_message WHERE report_id = ? ORDER BY sent_at, id")
                .param(report.id())
                .query((row, n) -> new ReceiptView.Message(row.getString("author"), Instant.ofEpochMilli(row.getLong("sent_at")),
                        keys.open(report.key(), row.getString("sealed_body"), MESSAGE + ":" + report.id())))
                .list();
    }

    /** A message of the conversation, sealed with the report's key; the reporter and the committee share the rules. */
    void addMessage(Report report, String author, String accountId, String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() || text.length() > Intake.MAX_DESCRIPTION) {
            throw new InvalidInputException("body", "the message must be 1 to " + Intake.MAX_DESCRIPTION + " characters", null, Intake.MAX_DESCRIPTION);
        }
        jdbc.sql("INSERT INTO report_message (id, report_id, author, author_account_id, sent_at, sealed_body) VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), report.id(), author, accountId, clock.millis(), keys.seal(report.key(), text, MESSAGE + ":" + report.id()))
                .update();
    }

    private static Report map(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        long purged = row.getLong("purged_at");
        Instant purgedAt = row.wasNull() ? null : Instant.ofEpochMilli(purged);
        return new Report(row.getString("id"), row.getString("data_key_id"), row.getString("status"), row.getString("category"),
                Instant.ofEpochMilli(row.getLong("received_at")), purgedAt);
    }
}
