package org.ombuds.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every form field is drawn by fragments/form.html, so that each is labelled and marked the same way when refused.
 * The sign-in and second-step pages keep theirs: one error for the whole form, said without naming the field at fault.
 */
class FormFieldsTest {
    private static final Path TEMPLATES = Path.of("src", "main", "resources", "templates");
    private static final Set<String> OWN_FIELDS = Set.of("accounts/login.html", "accounts/second-factor.html");
    private static final Pattern FIELD = Pattern.compile("class=\"field( checkbox)?\"");

    @Test
    void noTemplateButTheFragmentDrawsAFieldByHand() throws IOException {
        List<String> byHand;
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            byHand = files.filter(file -> file.toString().endsWith(".html"))
                    .map(file -> TEMPLATES.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> !name.equals("fragments/form.html") && !OWN_FIELDS.contains(name))
                    .filter(name -> FIELD.matcher(read(TEMPLATES.resolve(name))).find())
                    .toList();
        }
        assertThat(byHand).as("templates with a hand-written field; use fragments/form.html").isEmpty();
        assertThat(read(TEMPLATES.resolve("fragments/form.html"))).containsPattern("th:fragment=\"field\"");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
