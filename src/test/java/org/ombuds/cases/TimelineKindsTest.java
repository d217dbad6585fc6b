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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The case timeline's kinds are one typed list: each stored under a fixed id, each with a message in every language. */
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
     * Modules still write some steps by their string id through the deprecated bridge; each of those ids must be a kind,
     * or the step would be refused at run time.
     */
    @Test
    void everyKindWrittenByItsIdIsAKind() throws IOException {
        Pattern call = Pattern.compile("recordDecisionStep\\(([^;]*);", Pattern.DOTALL);
        // A string literal among the call's arguments, other than one a condition compares with (vote.equals("approve")).
        Pattern literal = Pattern.compile("(?<!equals\\()\"([a-z]+(?:-[a-z]+)*)\"");
        Set<String> written = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
            sources = walk.filter(path -> path.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            Matcher calls = call.matcher(Files.readString(source));
            while (calls.find()) {
                Matcher ids = literal.matcher(calls.group(1));
                while (ids.find()) written.add(ids.group(1));
            }
        }
        assertThat(written).as("the scan finds the bridge's callers").contains("decision-proposed", "enforcement-failed");
        List<String> unknown = new ArrayList<>();
        for (String id : written) if (CaseEvent.Kind.fromId(id).isEmpty()) unknown.add(id);
        assertThat(unknown).isEmpty();
    }
}
