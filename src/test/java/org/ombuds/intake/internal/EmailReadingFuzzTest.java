package org.ombuds.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.intake.Intake;

/**
 * Any bytes a mailbox may hold (malformed MIME, huge headers, unknown charsets, broken transfer encodings, deep
 * nesting) are read into a report: nothing is thrown, so no message stays unread and unreported forever. The seed
 * corpus (EmailReadingFuzzTestInputs) runs with the suite; bench/fuzz.sh fuzzes.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class EmailReadingFuzzTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    @FuzzTest
    void everyMessageBecomesAReportWithoutAnException(byte[] bytes) {
        MimeMessage message;
        try {
            message = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
        } catch (MessagingException notEvenHeaders) {
            return; // IMAP servers hand over parsed messages; this is the parser of the test, not of Ombuds
        }
        EmailReading.Read read = EmailReading.read(message);
        assertThat(read.description()).isNotBlank().hasSizeLessThanOrEqualTo(Intake.MAX_DESCRIPTION);
        assertThat(read.description()).doesNotContainPattern("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");
        assertThat(read.category()).satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).matches("[a-z-]+"));
        if (read.anonymous()) assertThat(read.senderAddress()).isNull();
        if (read.senderName() != null) assertThat(read.senderName()).hasSizeLessThanOrEqualTo(200);
        assertThat(read.attachments()).allSatisfy(file -> assertThat(file.bytes().length).isLessThanOrEqualTo((int) Intake.MAX_ATTACHMENT_BYTES + 1));
    }

    private static EmailReading.Read read(String mime) throws MessagingException {
        return EmailReading.read(new MimeMessage(SESSION, new ByteArrayInputStream(mime.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void anUnknownCharsetIsReadAsUtf8InsteadOfFailingTheMessage() throws Exception {
        var read = read("From: kim@example.org\r\nSubject: help\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n"
                + "He followed me after the talk.\r\n");
        assertThat(read.description()).contains("He followed me after the talk.");
        assertThat(read.senderAddress()).isEqualTo("kim@example.org");
    }

    @Test
    void aMalformedFromKeepsTheReportWithoutASender() throws Exception {
        var read = read("From: \"Kim <kim@example.org\r\nSubject: help\r\n\r\nThreats in the chat.\r\n");
        assertThat(read.description()).contains("Threats in the chat.");
        assertThat(read.senderAddress()).isNull();
    }

    @Test
    void brokenBase64AndAMissingBoundaryStillGiveTheText() throws Exception {
        var read = read("From: kim@example.org\r\nContent-Type: multipart/mixed\r\n\r\nno boundary here, just words\r\n");
        assertThat(read.description()).contains("no boundary here, just words");
        var base64 = read("From: kim@example.org\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64%%%\r\n");
        assertThat(base64.description()).isNotBlank();
    }

    @Test
    void aForwardedMessageIsReadNotDropped() throws Exception {
        var read = read("From: kim@example.org\r\nSubject: Fwd\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\nSee below.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
                + "From: other@example.org\r\nSubject: you will regret it\r\n\r\nA threat.\r\n--b--\r\n");
        assertThat(read.description()).contains("See below.").contains("you will regret it").contains("A threat.");
    }

    @Test
    void controlCharactersAndNulsAreLeftOutSoTheTextStaysAcceptable() throws Exception {
        var read = read("From: kim@example.org\r\nSubject: a\u0000b\r\n\r\nline\u0000one\u0007\r\n");
        assertThat(read.description()).contains("ab").contains("lineone").doesNotContain("\u0000").doesNotContain("\u0007");
    }
}
