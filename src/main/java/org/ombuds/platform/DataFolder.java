package org.ombuds.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The data folder (OMBUDS_DATA_DIR): the SQLite file, the key sets, attachments. Created on first use and
 * readable by the owner only, since everything in it is confidential: folders 0700 and files 0600, set when they are
 * created (whatever the umask) and again at start-up for whatever an earlier version or a copy by hand left open.
 */
@Component
public class DataFolder {
    private static final Logger log = LoggerFactory.getLogger(DataFolder.class);
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
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

    /**
     * A file of the data folder, created empty and owner-only if it is not there yet: for files that another program
     * creates with its own default mode (SQLite makes its database 0644 under the usual umask, and gives its -wal and
     * -shm files the database's mode).
     */
    public Path ownerOnlyFile(String child) {
        Path file = resolve(child);
        try {
            if (posix(root)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException exists) {
            // kept as it is; start-up tightened it already
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Every folder and file already in the data folder made owner-only; a symbolic link and what it leads to are left alone. */
    @PostConstruct
    void tighten() {
        Path folder = root();
        if (!posix(folder)) return;
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.toList();
        } catch (IOException | UncheckedIOException e) {
            log.warn("data folder: could not list {} to make it readable by its owner only: {}", folder, e.getMessage());
            return;
        }
        int tightened = 0;
        for (Path path : paths) {
            try {
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) continue;
                Set<PosixFilePermission> wanted = attributes.isDirectory() ? FOLDER : FILE;
                if (!attributes.permissions().equals(wanted)) {
                    Files.setPosixFilePermissions(path, wanted);
                    tightened++;
                }
            } catch (NoSuchFileException gone) {
                // removed meanwhile
            } catch (IOException e) {
                log.warn("data folder: could not make {} readable by its owner only: {}", path, e.getMessage());
            }
        }
        if (tightened > 0) log.info("data folder: {} files and folders in {} are now readable by their owner only", tightened, folder);
    }

    /** The folder and any of its parents that do not exist yet, each created owner-only. */
    public static Path ensure(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Path existing = dir.toAbsolutePath().getParent();
                while (existing != null && !Files.exists(existing)) existing = existing.getParent();
                if (existing != null && posix(existing)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
                } else {
                    Files.createDirectories(dir);
                }
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

    private static boolean posix(Path path) {
        try {
            return Files.getFileStore(path).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }
}
