package org.ombuds.intake.internal;

import java.util.Collection;
import java.util.List;

import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.ReportContent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/** Forgetting what reports hold, for the retention policy and for data-subject erasure. */
@Component
public class ForgettingReports {
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final AttachmentStore attachmentStore;
    private final ReportRecords records;
    private final ReadingReports reading;
    private final JsonMapper json;
    private final java.time.Clock clock;

    ForgettingReports(JdbcClient jdbc, DataKeys keys, AttachmentStore attachmentStore, ReportRecords records, ReadingReports reading,
                      JsonMapper json, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.attachmentStore = attachmentStore;
        this.records = records;
        this.reading = reading;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Purges reports: what the reporter wrote (content, messages, attached files) is deleted and the report's data
     * key destroyed, so no copy of the database opens it again; the links to the people it named go too. What
     * transparency counts need stays: category, space, dates, source, status. Returns how many were purged now.
     */
    @Transactional
    public int purge(Collection<String> reportIds) {
        int purged = 0;
        for (String reportId : reportIds) {
            ReportRecords.Report report = records.report(reportId);
            if (records.purged(reportId)) continue;
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
     * Takes the reported person's name and handles out of reports about them (an erasure): the reports stay, sealed
     * again with their own key, naming them by {@code placeholder}.
     */
    @Transactional
    public void forgetReportedPerson(Collection<String> reportIds, String placeholder) {
        for (String reportId : reportIds) {
            if (records.purged(reportId)) continue;
            ReportRecords.Report report = records.report(reportId);
            ReportContent content = reading.content(reportId);
            ReportContent redacted = new ReportContent(content.description(), content.location(), content.evidence(),
                    content.reportedName() == null ? null : placeholder, List.of(), content.reporterName(), content.reporterEmail(), content.contact());
            jdbc.sql("UPDATE report SET sealed_content = ?, reported_person_id = NULL WHERE id = ?")
                    .params(keys.seal(report.key(), json.writeValueAsString(redacted), ReportRecords.CONTENT + ":" + reportId), reportId).update();
            jdbc.sql("DELETE FROM report_claim WHERE report_id = ? AND role = 'subject'").param(reportId).update();
        }
    }
}
