package org.ombuds.platform;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

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

    /**
     * Sends one message to each recipient separately (no one sees who else was told); true if all went out. An address
     * mail cannot carry as it is (one kept before {@link EmailAddresses} was the rule) is skipped, never sent altered.
     */
    public boolean send(Collection<String> recipients, String subject, String text) {
        if (!configured || recipients.isEmpty()) return false;
        List<String> addresses = recipients.stream().map(EmailAddresses::ascii).flatMap(Optional::stream).toList();
        if (addresses.size() < recipients.size()) {
            log.warn("not sending an email to {} recipient(s) whose address mail cannot carry", recipients.size() - addresses.size());
        }
        try {
            for (String recipient : addresses) {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(from);
                message.setTo(recipient);
                message.setSubject(subject);
                message.setText(text);
                sender.getObject().send(message);
            }
            return addresses.size() == recipients.size();
        } catch (MailException e) {
            log.warn("could not send an email to {} recipient(s): {}", recipients.size(), e.getClass().getSimpleName());
            return false;
        }
    }
}
