package org.ombuds.platform;

import java.util.Collection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends plain-text email through the configured SMTP server (OMBUDS_SMTP_HOST); without one, sends nothing.
 * Failures are logged by recipient count only: addresses and text can identify reporters.
 */
@Component
public class Mailer {
    private static final Logger log = LoggerFactory.getLogger(Mailer.class);
    private final ObjectProvider<JavaMailSender> sender;
    private final boolean configured;
    private final String from;

    Mailer(ObjectProvider<JavaMailSender> sender, Environment environment, OmbudsProperties properties) {
        this.sender = sender;
        String host = environment.getProperty("spring.mail.host");
        this.configured = host != null && !host.isBlank();
        this.from = properties.mail().from();
    }

    public boolean configured() {
        return configured;
    }

    /** Sends one message to each recipient separately (no one sees who else was told); true if all went out. */
    public boolean send(Collection<String> recipients, String subject, String text) {
        if (!configured || recipients.isEmpty()) return false;
        try {
            for (String recipient : recipients) {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(from);
                message.setTo(recipient);
                message.setSubject(subject);
                message.setText(text);
                sender.getObject().send(message);
            }
            return true;
        } catch (MailException e) {
            log.warn("could not send an email to {} recipient(s): {}", recipients.size(), e.getClass().getSimpleName());
            return false;
        }
    }
}
