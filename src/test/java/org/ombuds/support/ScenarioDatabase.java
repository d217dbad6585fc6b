package org.ombuds.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh database (of the kind {@link TestDatabases#selected()} names) and data folder for one
 * {@code @ApplicationModuleTest}, given to Spring through {@code @DynamicPropertySource}: the module scenarios run on
 * the real database, as the application does.
 */
public final class ScenarioDatabase {
    private ScenarioDatabase() {
    }

    public static void register(DynamicPropertyRegistry registry, String name) {
        Map<String, Object> properties;
        try {
            properties = TestDatabases.properties(TestDatabases.selected(), Files.createTempDirectory("ombuds-" + name).resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.forEach((key, value) -> registry.add(key, () -> value));
        registry.add("ombuds.scheduler.enabled", () -> false);
    }
}
