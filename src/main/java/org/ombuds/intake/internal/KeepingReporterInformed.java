package org.ombuds.intake.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.CommitteeWroteToReporter;
import org.ombuds.intake.ReceiptView;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The committee's side of the receipt channel: what the reporter is told of progress, and what the committee writes
 * to them (the reporter sees "committee", never a name).
 */
@Component
public class KeepingReporterInformed {
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final ReportRecords records;
    private final ApplicationEventPublisher events;

    KeepingReporterInformed(JdbcClient jdbc, DataKeys keys, ReportRecords records, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.records = records;
        this.events = events;
    }

    /** A committee member writes to the reporter through the receipt channel (the reporter sees "committee"). */
    @Transactional
    public void messageReporter(String reportId, String accountId, String body) {
        records.addMessage(records.report(reportId), "committee", accountId, body);
        events.publishEvent(new CommitteeWroteToReporter(reportId));
    }

    /** The newest committee message of a report, opened, for delivery by email. */
    public Optional<String> latestCommitteeMessage(String reportId) {
        ReportRecords.Report report = records.report(reportId);
        return jdbc.sql("SELECT sealed_body FROM report_message WHERE report_id = ? AND author = 'committee' ORDER BY sent_at DESC, id LIMIT 1")
                .param(reportId).query(String.class).optional()
                .map(sealed -> keys.open(report.key(), sealed, ReportRecords.MESSAGE + ":" + reportId));
    }

    /** The conversation between reporter and committee, opened. Callers check that the reader may see it. */
    public List<ReceiptView.Message> conversation(String reportId) {
        return records.messages(records.report(reportId));
    }

    /**
     * What the reporter is told about progress: received, acknowledged, investigating, decided or closed (the case's
     * status in the words of the receipt page).
     */
    @Transactional
    public void setStatus(Collection<String> reportIds, String status) {
        if (reportIds.isEmpty()) return;
        jdbc.sql("UPDATE report SET status = :status WHERE id IN (:ids)").param("status", status).param("ids", reportIds).update();
    }
}
