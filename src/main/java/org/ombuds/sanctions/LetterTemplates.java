package org.ombuds.sanctions;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.NoSuchMessageException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The texts of the letters to sanctioned people: an admin's own wording for a key (table {@code letter_text}, edited
 * through {@link LetterTexts}) wins over the default in {@code letters.properties} on the classpath (or
 * {@code letters_<language>.properties}, for the language {@code ombuds.letters.language}). Every text is a
 * {@link MessageFormat} pattern, except {@value #DATE_FORMAT}, a {@link DateTimeFormatter} pattern. The saved texts
 * are read once for a few seconds (several nodes see a change within that time; this node at once).
 */
@Component
class LetterTemplates {
    /** The one text that is a date pattern rather than a MessageFormat pattern. */
    static final String DATE_FORMAT = "letter.dateFormat";
    static final String BASENAME = "letters";
    private static final long FRESH_NANOS = 10_000_000_000L;
    private final JdbcClient jdbc;
    private final Locale locale;
    private final String language;
    private volatile Saved saved;

    LetterTemplates(JdbcClient jdbc, @Value("${ombuds.letters.language:en}") String language) {
        this.jdbc = jdbc;
        this.locale = Locale.forLanguageTag(language);
        this.language = locale.toLanguageTag();
    }

    private record Saved(Map<String, String> texts, long loadedAt) {
    }

    String text(String key, Object... arguments) {
        return format(pattern(key), arguments);
    }

    /** Whether there is a text for this key, saved or by default. */
    boolean has(String key) {
        return saved().containsKey(key) || defaultText(key).isPresent();
    }

    /** The text for the most specific key there is: {@code key.variant}, else {@code key}. */
    String textFor(String key, String variant, Object... arguments) {
        String specific = key + "." + variant;
        return text(saved().containsKey(specific) || defaultText(specific).isPresent() ? specific : key, arguments);
    }

    String date(Instant instant) {
        return DateTimeFormatter.ofPattern(pattern(DATE_FORMAT), locale).withZone(ZoneOffset.UTC).format(instant);
    }

    /** The language the letters are written in, as stored with the saved texts. */
    String language() {
        return language;
    }

    Locale locale() {
        return locale;
    }

    /** The text from the properties files, without an admin's wording. */
    Optional<String> defaultText(String key) {
        try {
            return Optional.of(ResourceBundle.getBundle(BASENAME, locale, LetterTemplates.class.getClassLoader(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key));
        } catch (MissingResourceException e) {
            return Optional.empty();
        }
    }

    /** The pattern in use for a key: the admin's, else the default. */
    String pattern(String key) {
        String own = saved().get(key);
        if (own != null) return own;
        return defaultText(key).orElseThrow(() -> new NoSuchMessageException(key, locale));
    }

    /** A MessageFormat pattern filled in, also when there are no values (so {@code ''} is always one apostrophe). */
    String format(String pattern, Object... arguments) {
        return new MessageFormat(pattern, locale).format(arguments == null ? new Object[0] : arguments);
    }

    /** The saved texts changed: read them again now and, once the change is committed, again. */
    void forget() {
        saved = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    saved = null;
                }
            });
        }
    }

    private Map<String, String> saved() {
        Saved current = saved;
        if (current == null || System.nanoTime() - current.loadedAt() > FRESH_NANOS) {
            Map<String, String> texts = jdbc.sql("SELECT key, text FROM letter_text WHERE language = ?").param(language)
                    .query((row, n) -> Map.entry(row.getString("key"), row.getString("text"))).list().stream()
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
            current = new Saved(texts, System.nanoTime());
            saved = current;
        }
        return current.texts();
    }
}
