package org.ombuds.sanctions;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.ombuds.platform.OmbudsProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.support.ReloadableResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * The texts of the letters to sanctioned people: {@code letters.properties} on the classpath, overridable key by key
 * (and translatable) by an admin in {@code <data folder>/letters/letters*.properties}, re-read within a minute.
 */
@Component
class LetterTemplates {
    private final ReloadableResourceBundleMessageSource texts = new ReloadableResourceBundleMessageSource();
    private final Locale locale;

    LetterTemplates(OmbudsProperties properties, @Value("${ombuds.letters.language:en}") String language) {
        texts.setBasenames(properties.dataDir().resolve("letters").resolve("letters").toUri().toString(), "classpath:letters");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
        texts.setCacheSeconds(60);
        this.locale = Locale.forLanguageTag(language);
    }

    String text(String key, Object... arguments) {
        return texts.getMessage(key, arguments, locale);
    }

    /** The text for the most specific key there is: {@code key.variant}, else {@code key}. */
    String textFor(String key, String variant, Object... arguments) {
        return texts.getMessage(key + "." + variant, arguments, texts.getMessage(key, arguments, locale), locale);
    }

    String date(Instant instant) {
        return DateTimeFormatter.ofPattern(text("letter.dateFormat"), locale).withZone(ZoneOffset.UTC).format(instant);
    }
}
