package org.ombuds.intake.internal;

import java.util.Locale;

import org.ombuds.platform.OmbudsProperties;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The texts of intake's emails, from the messages files, with links on the public base URL. */
@Component
class MailTexts {
    private final MessageSource messages;
    private final String baseUrl;

    MailTexts(MessageSource messages, OmbudsProperties properties) {
        this.messages = messages;
        this.baseUrl = properties.baseUrl();
    }

    String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, Locale.ENGLISH);
    }

    String link(String path) {
        return baseUrl + path;
    }
}
