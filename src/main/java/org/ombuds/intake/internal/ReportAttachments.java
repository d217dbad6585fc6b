package org.ombuds.intake.internal;

import java.util.List;

import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.Attachment;
import org.ombuds.intake.Intake;
import org.ombuds.platform.Ids;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The files a report came with: sealed with the report's key, written to the data folder before the report commits,
 * and listed and opened for the committee. Their names are sealed too; only type and size are in the clear.
 */
@Component
public class ReportAttachments {
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final AttachmentStore store;
    private final ReportRecords records;
    private final java.time.Clock clock;

    ReportAttachments(JdbcClient jdbc, DataKeys keys, AttachmentStore store, ReportRecords records, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.store = store;
        this.records = records;
        this.clock = clock;
    }

    /** A file on disk, sealed, waiting for its report's transaction to record it. */
    record Sealed(String id, String sealedName, String mediaType, long size) {
    }

    /** The file goes to disk (forced) before the report's transaction, so a committed report never lacks it. */
    Sealed sealAndWrite(String reportId, String key, Attachment attachment, String mediaType) {
        String attachmentId = Ids.newId();
        String name = attachment.fileName() == null || attachment.fileName().isBlank() ? "attachment" : attachment.fileName().strip();
        store.write(reportId, attachmentId, keys.sealBytes(key, attachment.bytes(), ReportRecords.ATTACHMENT + ":" + attachmentId));
        return new Sealed(attachmentId, keys.seal(key, name.length() > 255 ? name.substring(0, 255) : name,
                ReportRecords.ATTACHMENT + ":" + attachmentId), mediaType, attachment.bytes().length);
    }

    /** Inside the report's transaction. */
    void record(String reportId, Sealed file) {
        jdbc.sql("INSERT INTO report_attachment (id, report_id, sealed_name, media_type, size, stored_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(file.id(), reportId, file.sealedName(), file.mediaType(), file.size(), clock.millis()).update();
    }

    public List<Intake.StoredAttachment> list(String reportId) {
        ReportRecords.Report report = records.report(reportId);
        return jdbc.sql("SELECT id, sealed_name, media_type, size FROM report_attachment WHERE report_id = ? ORDER BY stored_at, id")
                .param(reportId)
                .query((row, n) -> new Intake.StoredAttachment(row.getString("id"),
                        keys.open(report.key(), row.getString("sealed_name"), ReportRecords.ATTACHMENT + ":" + row.getString("id")),
                        row.getString("media_type"), row.getLong("size")))
                .list();
    }

    /** An attached file's content, opened. Callers are responsible for checking that the reader may see it. */
    public byte[] content(String reportId, String attachmentId) {
        ReportRecords.Report report = records.report(reportId);
        jdbc.sql("SELECT id FROM report_attachment WHERE id = ? AND report_id = ?").params(attachmentId, reportId)
                .query(String.class).optional().orElseThrow(() -> new NotFoundException("there is no such attachment"));
        return keys.openBytes(report.key(), store.read(reportId, attachmentId), ReportRecords.ATTACHMENT + ":" + attachmentId);
    }
}
