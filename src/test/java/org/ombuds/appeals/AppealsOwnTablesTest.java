package org.ombuds.appeals;

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
 * Every table has one owning module: appeals writes and reads only its own, and what it needs of the appeal links
 * and sanctions comes through the sanctions module's API ({@code AppealLinks}, {@code Decisions}).
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class AppealsOwnTablesTest {
    private static final Pattern TABLE = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE)\\s+([a-z_]+)\\b");

    private static Set<String> tablesNamedIn(Path module) throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.walk(module)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher matcher = TABLE.matcher(Files.readString(file));
                while (matcher.find()) tables.add(matcher.group(1));
            }
        }
        return tables;
    }

    @Test
    void appealsTouchesOnlyTheAppealTables() throws IOException {
        Set<String> tables = tablesNamedIn(Path.of("src/main/java/org/ombuds/appeals"));
        assertThat(tables).as("the scan finds the module's SQL").contains("appeal", "appeal_event", "appeal_message");
        assertThat(tables).containsOnly("appeal", "appeal_event", "appeal_message");
    }
}
