package org.ombuds.intake.internal;

import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;

import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Turns each unread email in the committee mailbox into a report. The sender becomes the reporter's contact
 * unless the subject or text asks for anonymity; either way the sender gets the receipt by reply. A message is
 * marked read only after its report is committed, and its Message-ID is stored (as a fingerprint) so that
 * polling it twice never makes two reports. The polling is the {@code email-intake} job ({@link EmailIntakeScheduling}),
 * run by one node at a time.
 */
@Component
@EnableConfigurationProperties(EmailIntakeSettings.class)
class EmailIntake {
    private static final Logger log = LoggerFactory.getLogger(EmailIntake.class);
    private final EmailIntakeSettings settings;
    private final SubmittingReport submitting;
    private final Mailer mailer;
    private final MailTexts texts;

    EmailIntake(EmailIntakeSettings settings, SubmittingReport submitting, Mailer mailer, MailTexts texts) {
        this.settings = settings;
        this.submitting = submitting;
        this.mailer = mailer;
        this.texts = texts;
    }

    /** Reads the unread messages once; returns how many became reports. */
    int poll() {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "10000");
        properties.put("mail.imap.timeout", "30000");
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "30000");
        int stored = 0;
        try (Store store = Session.getInstance(properties).getStore(settings.ssl() ? "imaps" : "imap")) {
            store.connect(settings.host(), settings.port(), settings.user(), settings.password());
            Folder folder = store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message message : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    Taken taken = take((MimeMessage) message);
                    if (taken == Taken.STORED) stored++;
                    // A message that failed stays unread and is tried again at the next poll: nothing is lost.
                    if (taken != Taken.FAILED) message.setFlag(Flags.Flag.SEEN, true);
                }
            } finally {
                folder.close(false);
            }
        } catch (MessagingException e) {
            log.warn("email intake could not read the mailbox: {}", e.getClass().getSimpleName());
        }
        return stored;
    }

    private enum Taken { STORED, DUPLICATE, FAILED }

    private Taken take(MimeMessage message) {
        try {
            String messageId = message.getMessageID();
            if (messageId != null && submitting.knownSource(messageId)) return Taken.DUPLICATE;
            EmailReading.Read read = EmailReading.read(message);
            NewReport report = new NewReport(read.category(), read.description(), null, null, null, null, List.of(), null,
                    read.anonymous(), false, read.senderName(), read.senderAddress(), null, false, "email");
            Intake.Submitted submitted;
            try {
                submitted = submitting.submit(report, read.attachments(), messageId);
            } catch (InvalidInputException refused) {
                // An unknown category or an unusable file: keep the report, say what was left out, let the committee triage.
                String description = read.description();
                if (!read.attachments().isEmpty()) {
                    String names = String.join(", ", read.attachments().stream().map(a -> String.valueOf(a.fileName())).toList());
                    String note = "\n[files not kept (" + refused.getMessage() + "): " + names + "]";
                    description = description.length() + note.length() <= Intake.MAX_DESCRIPTION ? description + note : description;
                }
                report = new NewReport(null, description, null, null, null, null, List.of(), null, read.anonymous(), false,
                        read.senderName(), read.senderAddress(), null, false, "email");
                submitted = submitting.submit(report, List.of(), messageId);
            }
            InternetAddress sender = EmailReading.sender(message);
            if (sender != null) {
                mailer.send(List.of(sender.getAddress()), texts.text("mail.emailReceipt.subject"),
                        texts.text("mail.emailReceipt.body", submitted.receipt(), texts.link("/receipt")));
            }
            return Taken.STORED;
        } catch (MessagingException | RuntimeException e) {
            log.warn("email intake could not take a message ({}); it stays unread and is tried again", e.getClass().getSimpleName());
            return Taken.FAILED;
        }
    }
}
