package org.ombuds.backup;

import java.nio.file.Path;
import java.time.Instant;

/** What a restore put into the data folder, and when the backup was made. */
public record RestoreSummary(Path dataFolder, Instant madeAt, boolean database, int keySetFiles, int attachments, int files) {
}
