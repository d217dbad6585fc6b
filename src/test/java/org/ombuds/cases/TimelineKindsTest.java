package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The case timeline's kinds are one typed list: each stored under a fixed id, each with a message in every language. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class TimelineKindsTest {

    @Test
    void everyKindHasAMessageInEveryLanguage() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:messages*.properties");
        assertThat(Arrays.stream(files).map(Resource::getFilename)).as("English and German at least")
                .contains("messages.properties", "messages_de.properties");
        for (Resource file : files) {
            Properties messages = new Properties();
            try (InputStream in = file.getInputStream()) {
                messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            List<String> missing = Arrays.stream(CaseEvent.Kind.values()).map(CaseEvent.Kind::messageKey)
                    .filter(key -> messages.getProperty(key) == null || messages.getProperty(key).isBlank()).toList();
            assertThat(missing).as("timeline kinds without a message in " + file.getFilename()).isEmpty();
            assertThat(messages.getProperty("case.event.other")).as("the fallback in " + file.getFilename()).isNotBlank();
        }
    }

    @Test
    void kindIdsAreUniqueAndReadBack() {
        Set<String> ids = Arrays.stream(CaseEvent.Kind.values()).map(CaseEvent.Kind::id).collect(Collectors.toSet());
        assertThat(ids).hasSameSizeAs(CaseEvent.Kind.values());
        for (CaseEvent.Kind kind : CaseEvent.Kind.values()) assertThat(CaseEvent.Kind.require(kind.id())).isSameAs(kind);
        // Ids written before the type existed read as they were stored.
        assertThat(CaseEvent.Kind.require("legal-hold-set")).isEqualTo(CaseEvent.Kind.LEGAL_HOLD_SET);
        assertThat(CaseEvent.Kind.fromId("no-such-step")).isEmpty();
    }

    /**
     * Other modules publish their steps with a typed kind ({@link org.ombuds.cases.CaseStep}): none turns a string into a
     * kind, which would fail only at run time.
     */
    @Test
    void noOtherModuleNamesAStepByItsId() throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java/org/ombuds"))) {
            sources = walk.filter(path -> path.toString().endsWith(".java") && !path.startsWith("src/main/java/org/ombuds/cases")).toList();
        }
        List<String> byId = new ArrayList<>();
        int typed = 0;
        for (Path source : sources) {
            String text = Files.readString(source);
            if (text.contains("CaseEvent.Kind.require(") || text.contains("CaseEvent.Kind.fromId(") || text.contains("recordDecisionStep(")) byId.add(source.toString());
            if (text.contains("new CaseStep(")) typed++;
        }
        assertThat(typed).as("the scan finds the modules that publish steps").isGreaterThanOrEqualTo(5);
        assertThat(byId).isEmpty();
    }
}
