package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every table has one owning module (DESIGN.md): the only module whose SQL names it. The tables come from the Flyway
 * migrations; a module touches a table when one of its sources' string literals reads or writes it
 * ({@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE}, {@code DELETE FROM}). Another module reaches that data
 * through the owner's public API, or keeps its own view of it fed by the owner's events (as enforcement does of the
 * sanctions).
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class TableOwnershipTest {
    private static final Path SOURCES = Path.of("src/main/java/org/ombuds");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern CREATED = Pattern.compile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern DROPPED = Pattern.compile("(?i)DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");
    // Upper case only, as every query here is written: "from" and "into" in a message's prose are not SQL.
    private static final Pattern TOUCHED = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE)\\s+(\\w+)");
    /** Tables a framework reads and writes through its own SQL; the module that configures it owns them. */
    private static final Set<String> FRAMEWORK_TABLES = Set.of("scheduled_tasks", "spring_session_attributes");

    /**
     * Cross-module table access still waiting for its fix: table → the module that reaches in. Each entry is a debt,
     * to be paid by moving the access behind the owner's public API; once paid, {@link #theKnownExceptionsAreStillThere}
     * asks for the entry to go.
     */
    private static final Map<String, String> KNOWN_EXCEPTIONS = Map.of();

    @Test
    void everyTableIsTouchedByOneModuleOnly() {
        Map<String, Set<String>> modulesByTable = modulesByTable();
        Map<String, Set<String>> shared = new TreeMap<>();
        modulesByTable.forEach((table, modules) -> {
            Set<String> others = new TreeSet<>(modules);
            if (KNOWN_EXCEPTIONS.containsKey(table)) others.remove(KNOWN_EXCEPTIONS.get(table));
            if (others.size() > 1) shared.put(table, modules);
        });
        assertThat(shared).as("tables whose SQL is in more than one module").isEmpty();
    }

    @Test
    void theKnownExceptionsAreStillThere() {
        Map<String, Set<String>> modulesByTable = modulesByTable();
        KNOWN_EXCEPTIONS.forEach((table, module) -> assertThat(modulesByTable.get(table))
                .as("%s no longer reaches into %s: take it off the known exceptions", module, table).contains(module));
    }

    @Test
    void everyTableHasAnOwner() {
        Map<String, Set<String>> modulesByTable = modulesByTable();
        Set<String> unowned = new TreeSet<>();
        modulesByTable.forEach((table, modules) -> {
            if (modules.isEmpty() && !FRAMEWORK_TABLES.contains(table)) unowned.add(table);
        });
        assertThat(unowned).as("tables no module's SQL touches").isEmpty();
        assertThat(modulesByTable).as("the migrations were read").containsKeys("sanction", "report", "case_file", "enforcement_state");
    }

    @Test
    void theScanFindsSqlInTextBlocksAndStringsButNotInProseOrComments() {
        String source = """
                // SELECT * FROM ghost
                /* DELETE FROM ghost */
                jdbc.sql(\"""
                        SELECT a FROM alpha a
                        JOIN beta b ON b.id = a.id\""");
                jdbc.sql("UPDATE gamma SET x = 1").update();
                jdbc.sql("INSERT INTO delta (x) VALUES ('\\" // FROM zeta')");
                throw new NotFoundException("removed from space");
                char quote = '"'; jdbc.sql("DELETE FROM epsilon");
                """;
        assertThat(touched(source, Set.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "ghost", "space")))
                .containsExactlyInAnyOrder("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
    }

    /** Each table of the migrations with the modules whose sources touch it. */
    private static Map<String, Set<String>> modulesByTable() {
        Set<String> tables = tables();
        Map<String, Set<String>> byTable = new TreeMap<>();
        tables.forEach(table -> byTable.put(table, new TreeSet<>()));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) continue; // the application class, in no module
                String module = relative.getName(0).toString();
                for (String table : touched(Files.readString(file), tables)) byTable.get(table).add(module);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byTable;
    }

    private static Set<String> tables() {
        Set<String> tables = new TreeSet<>();
        Set<String> dropped = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".sql")).toList()) {
                String sql = Files.readString(file);
                Matcher matcher = CREATED.matcher(sql);
                while (matcher.find()) tables.add(matcher.group(1).toLowerCase(Locale.ROOT));
                Matcher drops = DROPPED.matcher(sql);
                while (drops.find()) dropped.add(drops.group(1).toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tables.removeAll(dropped); // a table a later migration drops (enforcement_task, replaced by enforcement_state)
        return tables;
    }

    /** The known tables that the string literals of this Java source read or write. */
    static Set<String> touched(String source, Set<String> tables) {
        Set<String> found = new TreeSet<>();
        for (String literal : literals(source)) {
            Matcher matcher = TOUCHED.matcher(literal);
            while (matcher.find()) {
                String table = matcher.group(1).toLowerCase(Locale.ROOT);
                if (tables.contains(table)) found.add(table);
            }
        }
        return found;
    }

    /** The string literals and text blocks of a Java source, comments and character literals skipped. */
    static List<String> literals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                i = source.indexOf("*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (!source.startsWith("\"\"\"", end) || source.charAt(end - 1) == '\\') end++;
                literals.add(source.substring(i + 3, end));
                i = end + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                int end = i + 1;
                while (source.charAt(end) != quote) end += source.charAt(end) == '\\' ? 2 : 1;
                if (quote == '"') literals.add(source.substring(i + 1, end));
                i = end + 1;
            } else {
                i++;
            }
        }
        return literals;
    }
}
