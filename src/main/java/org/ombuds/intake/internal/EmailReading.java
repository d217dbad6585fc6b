package org.ombuds.intake.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;

import org.ombuds.intake.Attachment;
import org.ombuds.intake.Intake;

/**
 * What an email says, read leniently: whatever a sender's mail program got wrong (an unknown charset, broken base64,
 * a malformed From, a multipart without its boundary), the message still becomes a report with what could be read,
 * because a message that cannot be read stays unread and would be retried, unreported, forever.
 */
final class EmailReading {
    private static final Pattern ANONYMOUS = Pattern.compile("\\banonym", Pattern.CASE_INSENSITIVE);
    private static final Pattern CATEGORY = Pattern.compile("(?im)^\\s*category\\s*:\\s*([a-z-]+)\\s*$");
    /** Control characters other than tab and line breaks: they would make the text unacceptable as a text file. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    private static final Pattern SCRIPT_OR_STYLE = Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern TAG = Pattern.compile("<[^>]{0,2000}>");
    /** Nested parts deeper than this are read as text: real mail nests a handful, a crafted one thousands. */
    private static final int DEEPEST = 16;
    /** Text beyond this is not read (the report keeps the first part, the committee can ask for the rest). */
    private static final int LONGEST_TEXT = 2 * 1024 * 1024;

    private EmailReading() {
    }

    /** The report an email makes: never null, never an exception, whatever the message holds. */
    record Read(String description, String category, boolean anonymous, String senderName, String senderAddress,
                List<Attachment> attachments) {
    }

    static Read read(MimeMessage message) {
        String subject = clean(subject(message));
        Content content = new Content();
        content.read(message, 0);
        String text = clean(content.text.toString()).strip();
        boolean anonymous = ANONYMOUS.matcher(subject).find() || ANONYMOUS.matcher(text).find();
        InternetAddress sender = anonymous ? null : sender(message);
        String description = (subject.isBlank() ? "" : subject + "\n\n") + (text.isBlank() ? "(no text)" : text);
        if (description.length() > Intake.MAX_DESCRIPTION) {
            content.attachments.add(new Attachment("email.txt", description.getBytes(StandardCharsets.UTF_8)));
            description = cut(description, Intake.MAX_DESCRIPTION - 60) + "\n[the whole email is attached as email.txt]";
        }
        Matcher category = CATEGORY.matcher(text);
        return new Read(description, category.find() ? category.group(1).toLowerCase(Locale.ROOT) : null, anonymous,
                sender == null ? null : cut(clean(sender.getPersonal()), 200), sender == null ? null : sender.getAddress(),
                List.copyOf(content.attachments));
    }

    private static String subject(MimeMessage message) {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : cut(subject, 1000);
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }

    /** The first From address when it parses as one; a sender we cannot read is treated as no sender. */
    static InternetAddress sender(MimeMessage message) {
        try {
            Address[] from = message.getFrom();
            if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address)) return null;
            address.validate();
            return address.getAddress() != null && address.getAddress().length() <= 254 ? address : null;
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String clean(String text) {
        return text == null ? null : CONTROL.matcher(text).replaceAll("");
    }

    /** At most {@code length} characters, never splitting a surrogate pair. */
    private static String cut(String text, int length) {
        if (text == null || text.length() <= length) return text;
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end);
    }

    /** The readable text of a message and its attached files. */
    private static final class Content {
        final StringBuilder text = new StringBuilder();
        final List<Attachment> attachments = new ArrayList<>();
        private boolean hasPlain;

        void read(Part part, int depth) {
            try {
                if (part.isMimeType("multipart/*") && depth < DEEPEST) {
                    Object content = part.getContent();
                    if (content instanceof Multipart multipart) {
                        for (int i = 0; i < multipart.getCount(); i++) read(multipart.getBodyPart(i), depth + 1);
                        return;
                    }
                } else if (isAttachment(part)) {
                    attachments.add(new Attachment(fileName(part), bytes(part, (int) Intake.MAX_ATTACHMENT_BYTES + 1)));
                    return;
                } else if (part.isMimeType("message/rfc822") && depth < DEEPEST && part.getContent() instanceof MimeMessage forwarded) {
                    String subject = subject(forwarded);
                    if (!subject.isBlank()) append(subject);
                    read(forwarded, depth + 1);
                    return;
                } else if (part.isMimeType("text/html")) {
                    if (!hasPlain) append(TAG.matcher(SCRIPT_OR_STYLE.matcher(text(part)).replaceAll(" ")).replaceAll(" "));
                    return;
                }
                if (part.isMimeType("text/*") || depth >= DEEPEST) {
                    // text/plain (also a part without a type): its text, as well as it decodes.
                    hasPlain = true;
                    append(text(part));
                } else {
                    attachments.add(new Attachment("attachment", bytes(part, (int) Intake.MAX_ATTACHMENT_BYTES + 1)));
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                append(raw(part));
            }
        }

        private void append(String more) {
            if (more == null || text.length() >= LONGEST_TEXT) return;
            text.append(more, 0, Math.min(more.length(), LONGEST_TEXT - text.length())).append('\n');
        }

        private static boolean isAttachment(Part part) throws MessagingException {
            return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName(part) != null;
        }

        private static String fileName(Part part) {
            try {
                return part.getFileName();
            } catch (MessagingException | RuntimeException e) {
                return "attachment";
            }
        }

        /** A text part decoded with its charset; in UTF-8 when the charset is unknown or the content will not decode. */
        private static String text(Part part) {
            try {
                Object content = part.getContent();
                if (content instanceof String string) return string;
            } catch (MessagingException | IOException | RuntimeException e) {
                // an unknown charset or a broken transfer encoding: read the bytes below
            }
            return raw(part);
        }

        /** The part's bytes as UTF-8 (transfer encoding undone when possible), or nothing at all. */
        private static String raw(Part part) {
            try {
                return new String(bytes(part, LONGEST_TEXT), StandardCharsets.UTF_8);
            } catch (MessagingException | IOException | RuntimeException e) {
                try (InputStream raw = part instanceof MimePart mime ? rawStream(mime) : null) {
                    return raw == null ? null : new String(raw.readNBytes(LONGEST_TEXT), StandardCharsets.UTF_8);
                } catch (MessagingException | IOException | RuntimeException ignored) {
                    return null;
                }
            }
        }

        private static InputStream rawStream(MimePart part) throws MessagingException {
            if (part instanceof MimeMessage message) return message.getRawInputStream();
            if (part instanceof jakarta.mail.internet.MimeBodyPart body) return body.getRawInputStream();
            return null;
        }

        private static byte[] bytes(Part part, int limit) throws MessagingException, IOException {
            try (InputStream in = part.getInputStream()) {
                return in.readNBytes(limit);
            }
        }
    }
}
