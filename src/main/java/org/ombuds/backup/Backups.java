package org.ombuds.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.ombuds.audit.AuditLog;
import org.ombuds.backup.internal.BackupCipher;
import org.ombuds.backup.internal.DatabaseSnapshot;
import org.ombuds.backup.internal.Layout;
import org.ombuds.backup.internal.Manifest;
import org.ombuds.crypto.KeySetSources;
import org.ombuds.platform.DataFolder;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.stereotype.Service;

/**
 * Makes a backup while the server runs: first a consistent copy of the SQLite database, then the key set files and
 * the rest of the data folder. That order keeps the backup whole: an attachment is on disk before its report commits,
 * and key sets only gain keys, so everything the database copy refers to is copied after it.
 */
@Service
public class Backups {
    private static final int BUFFER = 64 * 1024;
    private final DataFolder dataFolder;
    private final OmbudsProperties properties;
    private final DataSource database;
    private final AuditLog audit;
    private final Clock clock;

    Backups(DataFolder dataFolder, OmbudsProperties properties, DataSource database, AuditLog audit, Clock clock) {
        this.dataFolder = dataFolder;
        this.properties = properties;
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Writes the encrypted backup to {@code file} (replacing it only once the new one is complete and on disk). On
     * PostgreSQL the backup holds no database: that is pg_dump's part.
     */
    public BackupSummary create(Path file, BackupKey key, BackupProgress progress) {
        Path target = file.toAbsolutePath().normalize();
        boolean sqlite = properties.db().embedded();
        List<String> keySetsOutside = KeySetSources.fromEnvironment();
        // Recorded first, so that the backup's own log shows when it was made.
        audit.record("create", "backup", null, null);
        Path partial = null;
        try {
            Files.createDirectories(target.getParent());
            partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            DataFolder.ownerOnly(partial, "rw-------");
            Counts counts = new Counts(progress);
            try (ZipOutputStream zip = new ZipOutputStream(BackupCipher.encrypting(
                    new BufferedOutputStream(Files.newOutputStream(partial), BUFFER), key.sealing))) {
                add(zip, Manifest.ENTRY, new Manifest(clock.instant(), sqlite, keySetsOutside).bytes());
                if (sqlite) {
                    try (DatabaseSnapshot snapshot = DatabaseSnapshot.take(database, dataFolder)) {
                        add(zip, Layout.DATABASE, snapshot.file(), counts);
                    }
                }
                addDataFolder(zip, counts, target, partial);
            }
            // Closing wrote the last authenticated segment; only now is the whole file there to force to disk.
            try (FileChannel written = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new BackupSummary(target, Files.size(target), sqlite, counts.keySets, counts.attachments, counts.files, keySetsOutside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + target + ": " + e.getMessage(), e);
        } finally {
            if (partial != null) deleteQuietly(partial);
        }
    }

    private void addDataFolder(ZipOutputStream zip, Counts counts, Path... excluded) throws IOException {
        Path root = dataFolder.root();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(path -> !List.of(excluded).contains(path))
                    .filter(path -> Layout.copied(root.relativize(path))).sorted().toList();
        }
        for (Path path : files) {
            String entry = Layout.entryName(root.relativize(path));
            // Encrypted files do not compress; storing them as they are saves the time.
            zip.setLevel(Layout.isAttachment(entry) ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
            try {
                add(zip, entry, path, counts);
            } catch (NoSuchFileException removedMeanwhile) {
                // Gone since the walk (a key set file replaced by its new version, which is taken instead); the entry
                // is opened only once the file is.
            }
        }
    }

    private static void add(ZipOutputStream zip, String entry, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        zip.write(content);
        zip.closeEntry();
    }

    private static void add(ZipOutputStream zip, String entry, Path file, Counts counts) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            zip.putNextEntry(new ZipEntry(entry));
            byte[] buffer = new byte[BUFFER];
            for (int read; (read = in.read(buffer)) != -1; ) {
                zip.write(buffer, 0, read);
                counts.bytes(read);
            }
        }
        zip.closeEntry();
        counts.file(entry);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover partial file is named as such and does not replace the backup
        }
    }

    /** What went in so far, passed on to the console. */
    private static final class Counts {
        private final BackupProgress progress;
        private long bytes;
        private int files;
        private int keySets;
        private int attachments;

        Counts(BackupProgress progress) {
            this.progress = progress;
        }

        void bytes(long more) {
            bytes += more;
            progress.advanced(bytes, files);
        }

        void file(String entry) {
            files++;
            if (Layout.isKeySet(entry)) keySets++;
            if (Layout.isAttachment(entry)) attachments++;
            progress.advanced(bytes, files);
        }
    }
}
