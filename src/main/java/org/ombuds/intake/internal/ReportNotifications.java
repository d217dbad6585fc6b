package org.ombuds.intake.internal;

import java.util.List;

import org.ombuds.intake.CommitteeWroteToReporter;
import org.ombuds.intake.ReportReceived;
import org.ombuds.platform.Mailer;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * After a report is committed, a reporter who gave an address gets an acknowledgement (the committee is told by
 * the cases module, which knows who is recused).
 */
@Component
class ReportNotifications {
    private final Mailer mailer;
    private final ReadingReports reading;
    private final KeepingReporterInformed informing;
    private final MailTexts texts;

    ReportNotifications(Mailer mailer, ReadingReports reading, KeepingReporterInformed informing, MailTexts texts) {
        this.mailer = mailer;
        this.reading = reading;
        this.informing = informing;
        this.texts = texts;
    }

    @Async
    @TransactionalEventListener
    void reportReceived(ReportReceived report) {
        // A report that came by email is answered by EmailIntake with its receipt; one reply is enough.
        if (!mailer.configured() || "email".equals(reading.facts(report.reportId()).source())) return;
        String reporter = reading.content(report.reportId()).reporterEmail();
        if (reporter != null) {
            mailer.send(List.of(reporter), texts.text("mail.acknowledgement.subject"),
                    texts.text("mail.acknowledgement.body", texts.link("/receipt"), texts.link("/coc")));
        }
    }

    @Async
    @TransactionalEventListener
    void committeeWrote(CommitteeWroteToReporter wrote) {
        if (!mailer.configured()) return;
        String reporter = reading.content(wrote.reportId()).reporterEmail();
        if (reporter == null) return;
        informing.latestCommitteeMessage(wrote.reportId()).ifPresent(message -> mailer.send(List.of(reporter),
                texts.text("mail.committeeMessage.subject"), texts.text("mail.committeeMessage.body", message, texts.link("/receipt"))));
    }

}
