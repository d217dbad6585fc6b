package org.ombuds.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.ombuds.backup.internal.BackupCipher;
import org.ombuds.backup.internal.Folders;
import org.ombuds.backup.internal.Layout;
import org.ombuds.backup.internal.Manifest;
import org.ombuds.platform.DataFolder;
import org.ombuds.platform.InvalidInputException;

/**
 * Restores a backup into an empty data folder without starting the application (which would create a database and
 * key sets there). Everything is unpacked into a hidden folder beside the target and moved into place only once the
 * whole file has authenticated, so a wrong passphrase, a damaged file or a full disk leaves the target as it was.
 */
public final class Restoration {
    private static final int BUFFER = 64 * 1024;

    private Restoration() {
    }

    /**
     * @param sqlite whether the instance to restore uses SQLite (OMBUDS_DB_URL unset): a backup made on PostgreSQL
     *               holds no database and one made on SQLite holds nothing PostgreSQL can use, so a mismatch is refused
     */
    public static RestoreSummary restore(Path file, char[] passphrase, Path dataFolder, boolean sqlite, BackupProgress progress) {
        Path target = dataFolder.toAbsolutePath().normalize();
        requireEmpty(target);
        Path staging = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            InputStream content = BackupCipher.decrypting(in, passphrase);
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), ".ombuds-restore-");
            DataFolder.ownerOnly(staging, "rwx------");
            RestoreSummary summary = unpack(content, staging, target, sqlite, progress);
            Files.deleteIfExists(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
            return summary;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("file", "there is no file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore into " + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) Folders.deleteRecursively(staging);
        }
    }

    private static void requireEmpty(Path target) {
        if (!Files.exists(target)) return;
        if (!Files.isDirectory(target)) throw new InvalidInputException("data", target + " is not a folder");
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new InvalidInputException("data", "the data folder " + target + " is not empty; restore into an empty or new folder (OMBUDS_DATA_DIR)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data folder " + target, e);
        }
    }

    private static RestoreSummary unpack(InputStream content, Path staging, Path target, boolean sqlite, BackupProgress progress)
            throws IOException {
        var zip = new ZipInputStream(content);
        ZipEntry first = zip.getNextEntry();
        if (first == null || !first.getName().equals(Manifest.ENTRY)) throw new InvalidInputException("file", "this backup has no manifest");
        Manifest manifest = Manifest.parse(zip.readAllBytes());
        if (manifest.sqliteDatabase() && !sqlite) {
            throw new InvalidInputException("file", "this backup holds a SQLite database but OMBUDS_DB_URL names another database; unset it to restore");
        }
        if (!manifest.sqliteDatabase() && sqlite) {
            throw new InvalidInputException("file", "this backup was made on PostgreSQL and holds no database: restore the database with "
                    + "pg_restore and set OMBUDS_DB_URL first (see the README)");
        }
        long bytes = 0;
        int files = 0;
        int keySets = 0;
        int attachments = 0;
        boolean database = false;
        byte[] buffer = new byte[BUFFER];
        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
            Path destination = destination(staging, entry.getName());
            createOwnerOnlyDirectories(staging, destination.getParent());
            try (FileChannel channel = FileChannel.open(destination, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                DataFolder.ownerOnly(destination, "rw-------");
                OutputStream out = Channels.newOutputStream(channel);
                for (int read; (read = zip.read(buffer)) != -1; ) {
                    out.write(buffer, 0, read);
                    bytes += read;
                    progress.advanced(bytes, files);
                }
                channel.force(true);
            }
            files++;
            database |= entry.getName().equals(Layout.DATABASE);
            if (Layout.isKeySet(entry.getName())) keySets++;
            if (Layout.isAttachment(entry.getName())) attachments++;
            progress.advanced(bytes, files);
        }
        // The archive ends before the ciphertext does: reading on to the end authenticates the last segment, which
        // is what tells a complete file from one cut off after a segment.
        while (content.read(buffer) != -1) {
            // nothing left but the end of the stream
        }
        if (manifest.sqliteDatabase() && !database) throw new InvalidInputException("file", "this backup lacks its database");
        return new RestoreSummary(target, manifest.madeAt(), database, keySets, attachments, files);
    }

    /** An entry's place in the folder; a name that would lead outside it was not written by Ombuds. */
    private static Path destination(Path staging, String name) {
        Path destination = staging.resolve(name).normalize();
        if (name.isBlank() || name.endsWith("/") || !destination.startsWith(staging) || destination.equals(staging)) {
            throw new InvalidInputException("file", "this backup has an entry outside the data folder: " + name);
        }
        return destination;
    }

    private static void createOwnerOnlyDirectories(Path staging, Path directory) throws IOException {
        if (directory.equals(staging) || Files.isDirectory(directory)) return;
        createOwnerOnlyDirectories(staging, directory.getParent());
        Files.createDirectory(directory);
        DataFolder.ownerOnly(directory, "rwx------");
    }
}
