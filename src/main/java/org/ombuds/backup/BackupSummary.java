package org.ombuds.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * What a backup holds. {@code database} is false on PostgreSQL (pg_dump's part); {@code keySetsOutside} names the
 * key set variables whose keys are not in the backup and must be kept separately.
 */
public record BackupSummary(Path file, long size, boolean database, int keySetFiles, int attachments, int files,
                            List<String> keySetsOutside) {
}
