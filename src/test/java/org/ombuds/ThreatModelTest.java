package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md proves each claim by naming a test: every test class and method it names exists, so the threat model
 * cannot keep pointing at a test that was renamed or removed.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class ThreatModelTest {
    private static final Pattern NAMED = Pattern.compile("`((?:[a-z]+\\.)*[A-Z][A-Za-z0-9]*(?:Test|IT))(?:\\.([a-z][A-Za-z0-9]*))?`");

    @Test
    void everyTestTheThreatModelNamesExists() throws Exception {
        String model = Files.readString(Path.of("SECURITY.md"));
        Matcher matcher = NAMED.matcher(model);
        List<String> missing = new ArrayList<>();
        int named = 0;
        while (matcher.find()) {
            named++;
            String className = "org.ombuds." + matcher.group(1);
            Class<?> type;
            try {
                type = Class.forName(className);
            } catch (ClassNotFoundException e) {
                missing.add(className);
                continue;
            }
            String method = matcher.group(2);
            if (method != null && Arrays.stream(type.getDeclaredMethods()).map(Method::getName).noneMatch(method::equals)) {
                missing.add(className + "." + method);
            }
        }
        assertThat(named).as("tests named in SECURITY.md").isGreaterThan(40);
        assertThat(missing).as("named in SECURITY.md but not found").isEmpty();
    }
}
