package org.ombuds.intake.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.ombuds.platform.DataFolder;
import org.springframework.stereotype.Component;

/**
 * Sealed attachment files under the data folder. A file is written to a temporary name, forced to disk and
 * then moved into place, so a crash leaves either the whole file or none.
 */
@Component
public class AttachmentStore {
    private final DataFolder dataFolder;

    AttachmentStore(DataFolder dataFolder) {
        this.dataFolder = dataFolder;
    }

    public void write(String reportId, String attachmentId, byte[] sealed) {
        try {
            Path dir = DataFolder.ensure(dataFolder.resolve("attachments").resolve(reportId));
            Path temporary = Files.createTempFile(dir, attachmentId, ".part");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(sealed));
                channel.force(true);
            }
            Files.move(temporary, dir.resolve(attachmentId), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store an attachment", e);
        }
    }

    public byte[] read(String reportId, String attachmentId) {
        try {
            return Files.readAllBytes(dataFolder.resolve("attachments").resolve(reportId).resolve(attachmentId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read an attachment", e);
        }
    }

    /** Deletes every file of a report (retention, erasure); a report without files has no folder. */
    public void deleteAll(String reportId) {
        Path dir = dataFolder.resolve("attachments").resolve(reportId);
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete a report's attachments", e);
        }
    }
}
