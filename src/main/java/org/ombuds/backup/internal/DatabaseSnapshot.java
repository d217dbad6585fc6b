package org.ombuds.backup.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.ombuds.platform.DataFolder;

/**
 * A consistent copy of the SQLite database made while the server keeps writing: {@code VACUUM INTO} reads the
 * database in one read transaction, which in WAL mode does not block writers, and writes a compact copy. The copy
 * goes into a folder of its own inside the data folder and is removed with it.
 */
public final class DatabaseSnapshot implements AutoCloseable {
    private final Path folder;
    private final Path file;

    private DatabaseSnapshot(Path folder) {
        this.folder = folder;
        this.file = folder.resolve(Layout.DATABASE);
    }

    public static DatabaseSnapshot take(DataSource database, DataFolder dataFolder) {
        try {
            Path folder = Files.createTempDirectory(dataFolder.root(), Layout.SNAPSHOT_PREFIX);
            DataFolder.ownerOnly(folder, "rwx------");
            DatabaseSnapshot snapshot = new DatabaseSnapshot(folder);
            // VACUUM INTO fills an empty file as it would a new one, and keeps its mode: owner-only, like the original.
            Files.createFile(snapshot.file);
            DataFolder.ownerOnly(snapshot.file, "rw-------");
            try (Connection connection = database.getConnection();
                 PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, snapshot.file.toString());
                vacuum.execute();
            } catch (SQLException e) {
                snapshot.close();
                throw new IllegalStateException("cannot copy the database: " + e.getMessage(), e);
            }
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make room for the database copy in the data folder", e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        Folders.deleteRecursively(folder);
    }
}
