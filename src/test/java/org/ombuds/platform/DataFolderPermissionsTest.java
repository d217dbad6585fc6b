package org.ombuds.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.ombuds.Ombuds;
import org.ombuds.intake.Attachment;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.support.TestDatabases;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Everything in the data folder is confidential: the SQLite database and its -wal and -shm files, the key sets and the
 * attachments are readable by the owner only (files 0600, folders 0700), whatever the umask, and a folder left
 * readable by others (by an earlier version, or a copy made by hand) is tightened when Ombuds starts.
 */
class DataFolderPermissionsTest extends WebTest {
    @Autowired
    Intake intake;

    @Test
    void theDatabaseItsJournalsKeysAndAttachmentsAreOwnerOnlyAfterAWrite() throws IOException {
        var submitted = intake.submit(new NewReport("harassment", "Permissions of what is written.", null, null, null, null, List.of(), null,
                true, false, null, null, null, false, "api"), List.of(new Attachment("log.txt", "a log".getBytes(StandardCharsets.UTF_8))), null);
        Path data = dataDir();
        if (TestDatabases.selected().equals(TestDatabases.SQLITE)) {
            for (String file : List.of("ombuds.db", "ombuds.db-wal", "ombuds.db-shm")) {
                assertThat(data.resolve(file)).as(file).exists();
            }
        }
        assertThat(data.resolve("attachments").resolve(submitted.reportId())).isDirectory();
        assertThat(data.resolve("keys")).isDirectory();
        assertOwnerOnly(data);
    }

    @Test
    void aDataFolderLeftReadableByOthersIsTightenedAtStartUp() throws IOException {
        Path data = Files.createTempDirectory("ombuds-loose").resolve("data");
        Path attachment = data.resolve("attachments").resolve("report-1").resolve("attachment-1");
        Files.createDirectories(attachment.getParent());
        Files.writeString(attachment, "sealed bytes");
        // An empty file is a new, empty SQLite database; on PostgreSQL it is an old copy, as confidential.
        Files.createFile(data.resolve("ombuds.db"));
        for (Path path : List.of(data, data.resolve("attachments"), attachment.getParent())) loosen(path, "rwxr-xr-x");
        for (Path path : List.of(attachment, data.resolve("ombuds.db"))) loosen(path, "rw-r--r--");

        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(), data));
        properties.put("ombuds.scheduler.enabled", false);
        try (var context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE).run(TestDatabases.arguments(properties))) {
            assertThat(data.resolve("keys")).isDirectory();
            assertOwnerOnly(data);
        }
    }

    private static void loosen(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    /** Every folder rwx------, every file rw------- (files deleted meanwhile by the server's jobs are skipped). */
    static void assertOwnerOnly(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(path -> {
                try {
                    String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(root.relativize(path).toString())
                            .isEqualTo(expected);
                } catch (NoSuchFileException gone) {
                    // removed between listing and reading (a finished temporary file)
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
