package org.ombuds.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.springframework.stereotype.Component;

/**
 * The data folder (OMBUDS_DATA_DIR): the SQLite file, the key sets, attachments. Created on first use and
 * readable by the owner only, since everything in it is confidential.
 */
@Component
public class DataFolder {
    private final Path root;

    public DataFolder(OmbudsProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize();
    }

    public Path root() {
        return ensure(root);
    }

    public Path resolve(String child) {
        return root().resolve(child);
    }

    public static Path ensure(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                ownerOnly(dir, "rwx------");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public static void ownerOnly(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
