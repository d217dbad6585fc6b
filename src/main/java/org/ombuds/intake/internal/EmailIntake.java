package org.ombuds.intake.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;

import org.ombuds.intake.Attachment;
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
    private static final Pattern ANONYMOUS = Pattern.compile("\\banonym", Pattern.CASE_INSENSITIVE);
    private static final Pattern CATEGORY = Pattern.compile("(?im)^\\s*category\\s*:\\s*([a-z-]+)\\s*$");
    private final EmailIntakeSettings settings;
    private final Intake intake;
    private final Mailer mailer;
    private final MailTexts texts;

    EmailIntake(EmailIntakeSettings settings, Intake intake, Mailer mailer, MailTexts texts) {
        this.settings = settings;
        this.intake = intake;
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
            if (messageId != null && intake.knownSource(messageId)) return Taken.DUPLICATE;
            String subject = message.getSubject() == null ? "" : message.getSubject();
            Content content = new Content();
            content.read(message);
            String text = content.text.toString().strip();
            boolean anonymous = ANONYMOUS.matcher(subject).find() || ANONYMOUS.matcher(text).find();
            InternetAddress sender = sender(message.getFrom());
            String description = (subject.isBlank() ? "" : subject + "\n\n") + (text.isBlank() ? "(no text)" : text);
            if (description.length() > Intake.MAX_DESCRIPTION) {
                content.attachments.add(new Attachment("email.txt", description.getBytes(StandardCharsets.UTF_8)));
                description = description.substring(0, Intake.MAX_DESCRIPTION - 60) + "\n[the whole email is attached as email.txt]";
            }
            Matcher category = CATEGORY.matcher(text);
            NewReport report = new NewReport(category.find() ? category.group(1).toLowerCase(Locale.ROOT) : null, description, null, null,
                    null, null, List.of(), null, anonymous, false,
                    anonymous || sender == null ? null : sender.getPersonal(), anonymous || sender == null ? null : sender.getAddress(),
                    null, false, "email");
            Intake.Submitted submitted;
            try {
                submitted = intake.submit(report, content.attachments, messageId);
            } catch (InvalidInputException refused) {
                // An unknown category or an unusable file: keep the report, let the committee triage the rest.
                report = new NewReport(null, description, null, null, null, null, List.of(), null, anonymous, false,
                        report.reporterName(), report.reporterEmail(), null, false, "email");
                submitted = intake.submit(report, List.of(), messageId);
            }
            if (sender != null) {
                mailer.send(List.of(sender.getAddress()), texts.text("mail.emailReceipt.subject"),
                        texts.text("mail.emailReceipt.body", submitted.receipt(), texts.link("/receipt")));
            }
            return Taken.STORED;
        } catch (MessagingException | IOException | RuntimeException e) {
            log.warn("email intake could not take a message ({}); it stays unread and is tried again", e.getClass().getSimpleName());
            return Taken.FAILED;
        }
    }

    private static InternetAddress sender(Address[] from) {
        return from != null && from.length > 0 && from[0] instanceof InternetAddress address ? address : null;
    }


    /** The readable text of a message and its attached files. */
    private static final class Content {
        final StringBuilder text = new StringBuilder();
        final List<Attachment> attachments = new ArrayList<>();
        private boolean hasPlain;

        void read(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) read(multipart.getBodyPart(i));
            } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
                attachments.add(new Attachment(part.getFileName(), part.getInputStream().readNBytes((int) Intake.MAX_ATTACHMENT_BYTES + 1)));
            } else if (part.isMimeType("text/plain")) {
                hasPlain = true;
                text.append(part.getContent()).append('\n');
            } else if (part.isMimeType("text/html") && !hasPlain) {
                text.append(String.valueOf(part.getContent()).replaceAll("(?s)<(script|style).*?</\\1>", " ").replaceAll("<[^>]+>", " "))
                        .append('\n');
            }
        }
    }
}
