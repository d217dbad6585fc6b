package org.ombuds.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ombuds.intake.Intake;
import org.ombuds.support.MailPorts;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Email intake against a real IMAP and SMTP server (GreenMail): reports from the committee mailbox, receipts by reply. */
// These count the mail they receive; the web tests share one database, so this context's jobs would otherwise act on
// other tests' leftovers (retrying a failing space, redelivering an event) and send mail of their own.
@TestPropertySource(properties = {"ombuds.scheduler.enabled=false", "spring.mail.host=127.0.0.1", "spring.mail.port=${ombuds.test.smtp-port}",
        "spring.mail.properties.mail.smtp.starttls.enable=false", "ombuds.mail.from=conduct@example.org",
        "ombuds.intake.imap.host=127.0.0.1", "ombuds.intake.imap.port=${ombuds.test.imap-port}", "ombuds.intake.imap.ssl=false",
        "ombuds.intake.imap.user=conduct@example.org", "ombuds.intake.imap.password=secret",
        "ombuds.intake.imap.poll-interval=1h"})
class EmailIntakeTest extends WebTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(MailPorts.smtpAndImap())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("conduct@example.org", "conduct@example.org", "secret"));

    @Autowired
    EmailIntake emailIntake;
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    private MimeMessage email(String from, String subject, String text, String messageId) throws Exception {
        MimeMessage message = new MimeMessage(MAIL.getSmtp().createSession()) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("conduct@example.org"));
        message.setSubject(subject, "UTF-8");
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setFileName("log.txt");
        file.setContent("attached evidence from the chat", "text/plain; charset=UTF-8");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        message.setContent(new MimeMultipart(body, file));
        message.saveChanges();
        return message;
    }

    private String latestReport() {
        return jdbc.sql("SELECT id FROM report WHERE source = 'email' ORDER BY received_at DESC LIMIT 1").query(String.class).single();
    }

    @Test
    void anEmailBecomesAReportOnceAndTheSenderGetsTheReceipt() throws Exception {
        MimeMessage message = email("Kim Reporter <kim@example.org>", "Harassment at the meetup",
                "Someone kept following me after the talk.\ncategory: harassment\n", "<meetup-1@example.org>");
        GreenMailUtil.sendMimeMessage(message);
        GreenMailUtil.sendMimeMessage(email("Kim Reporter <kim@example.org>", "Harassment at the meetup",
                "Someone kept following me after the talk.\ncategory: harassment\n", "<meetup-1@example.org>"));
        assertThat(MAIL.waitForIncomingEmail(2)).isTrue();

        assertThat(emailIntake.poll()).as("the second copy has the same Message-ID").isEqualTo(1);
        String reportId = latestReport();
        var content = intake.content(reportId);
        assertThat(content.description()).startsWith("Harassment at the meetup").contains("kept following me");
        assertThat(content.reporterEmail()).isEqualTo("kim@example.org");
        assertThat(content.reporterName()).isEqualTo("Kim Reporter");
        assertThat(jdbc.sql("SELECT category FROM report WHERE id = ?").param(reportId).query(String.class).single()).isEqualTo("harassment");
        var attachment = intake.attachments(reportId).get(0);
        assertThat(attachment.fileName()).isEqualTo("log.txt");
        assertThat(new String(intake.attachmentContent(reportId, attachment.id()), StandardCharsets.UTF_8))
                .isEqualTo("attached evidence from the chat");
        assertThat(emailIntake.poll()).as("nothing unread is left").isZero();

        MimeMessage receipt = awaitSubject("We received your report");
        assertThat(GreenMailUtil.getAddressList(receipt.getAllRecipients())).isEqualTo("kim@example.org");
        String code = GreenMailUtil.getBody(receipt).replaceAll("(?s).*Your receipt: ([0-9A-Z-]{29}).*", "$1");
        assertThat(http().get("/api/v1/receipts/" + code).status()).isEqualTo(200);
        Thread.sleep(500); // the web form's acknowledgement would come from another thread; an emailed report gets only its receipt
        assertThat(Arrays.stream(MAIL.getReceivedMessages()).filter(m -> subject(m).equals("We received your report"))
                .filter(m -> GreenMailUtil.getAddressList(getRecipients(m)).contains("kim@example.org"))).hasSize(1);
    }

    private static jakarta.mail.Address[] getRecipients(MimeMessage message) {
        try {
            return message.getAllRecipients();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void askingForAnonymityKeepsTheSenderOutOfTheReportButStillSendsTheReceipt() throws Exception {
        GreenMailUtil.sendMimeMessage(email("Lee <lee@example.org>", "Please keep this anonymous",
                "A maintainer posted my home address in the issue tracker.", "<anon-1@example.org>"));
        assertThat(MAIL.waitForIncomingEmail(1)).isTrue();
        assertThat(emailIntake.poll()).isEqualTo(1);
        var content = intake.content(latestReport());
        assertThat(content.reporterEmail()).isNull();
        assertThat(content.reporterName()).isNull();
        assertThat(jdbc.sql("SELECT anonymous FROM report WHERE id = ?").param(latestReport()).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT category FROM report WHERE id = ?").param(latestReport()).query(String.class).optional()).isEmpty();
        assertThat(GreenMailUtil.getAddressList(awaitSubject("We received your report").getAllRecipients())).isEqualTo("lee@example.org");
    }

    @Test
    void committeeRepliesReachAnEmailReporterBySmtp() throws Exception {
        GreenMailUtil.sendMimeMessage(email("Sam <sam@example.org>", "Spam in the forum", "Bots everywhere.", "<spam-1@example.org>"));
        assertThat(MAIL.waitForIncomingEmail(1)).isTrue();
        emailIntake.poll();
        intake.messageReporter(latestReport(), null, "Thanks, we removed the bots. Did you see more?");
        List<MimeMessage> toSam = List.of();
        for (long deadline = System.currentTimeMillis() + 20_000; toSam.isEmpty() && System.currentTimeMillis() < deadline; ) {
            Thread.sleep(100);
            toSam = Arrays.stream(MAIL.getReceivedMessages()).filter(m -> subject(m).startsWith("A message from the conduct committee")).toList();
        }
        assertThat(toSam).hasSize(1);
        assertThat(GreenMailUtil.getBody(toSam.get(0))).contains("Thanks, we removed the bots.");
    }

    private static MimeMessage awaitSubject(String subject) throws InterruptedException {
        for (long deadline = System.currentTimeMillis() + 20_000; System.currentTimeMillis() < deadline; Thread.sleep(100)) {
            var found = Arrays.stream(MAIL.getReceivedMessages()).filter(m -> subject(m).equals(subject)).findFirst();
            if (found.isPresent()) return found.get();
        }
        throw new AssertionError("no email with the subject " + subject);
    }

    private static String subject(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
