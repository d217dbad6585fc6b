package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every table has one owning module: intake writes and reads only the report tables; people, spaces, keys and
 * communities come through their modules' APIs.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class IntakeOwnTablesTest {
    private static final Pattern TABLE = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE)\\s+([a-z_]+)\\b");

    @Test
    void intakeTouchesOnlyTheReportTables() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/ombuds/intake"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher matcher = TABLE.matcher(Files.readString(file));
                while (matcher.find()) tables.add(matcher.group(1));
            }
        }
        assertThat(tables).as("the scan finds the module's SQL").contains("report", "report_claim");
        assertThat(tables).containsOnly("report", "report_claim", "report_message", "report_attachment");
    }
}
