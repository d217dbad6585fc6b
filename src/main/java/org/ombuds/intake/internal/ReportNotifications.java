package org.ombuds.intake.internal;

import java.util.List;
import java.util.Objects;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.intake.CommitteeWroteToReporter;
import org.ombuds.intake.Intake;
import org.ombuds.intake.ReportReceived;
import org.ombuds.platform.Mailer;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * After a report is committed: moderators and admins get a link (never the content), and a reporter who gave
 * an address gets an acknowledgement. Staff linked to the reported person are not told: they are recused.
 */
@Component
class ReportNotifications {
    private final Mailer mailer;
    private final Accounts accounts;
    private final Intake intake;
    private final MailTexts texts;

    ReportNotifications(Mailer mailer, Accounts accounts, Intake intake, MailTexts texts) {
        this.mailer = mailer;
        this.accounts = accounts;
        this.intake = intake;
        this.texts = texts;
    }

    @Async
    @TransactionalEventListener
    void reportReceived(ReportReceived report) {
        if (!mailer.configured()) return;
        List<String> committee = accounts.all().stream()
                .filter(Account::active)
                .filter(account -> account.role() == Role.ADMIN || account.role() == Role.MODERATOR)
                .filter(account -> account.personId() == null || !Objects.equals(account.personId(), report.reportedPersonId()))
                .map(Account::email)
                .toList();
        mailer.send(committee, texts.text("mail.newReport.subject"), texts.text("mail.newReport.body", texts.link("/staff")));

        String reporter = intake.content(report.reportId()).reporterEmail();
        if (reporter != null) {
            mailer.send(List.of(reporter), texts.text("mail.acknowledgement.subject"),
                    texts.text("mail.acknowledgement.body", texts.link("/receipt"), texts.link("/coc")));
        }
    }

    @Async
    @TransactionalEventListener
    void committeeWrote(CommitteeWroteToReporter wrote) {
        if (!mailer.configured()) return;
        String reporter = intake.content(wrote.reportId()).reporterEmail();
        if (reporter == null) return;
        intake.latestCommitteeMessage(wrote.reportId()).ifPresent(message -> mailer.send(List.of(reporter),
                texts.text("mail.committeeMessage.subject"), texts.text("mail.committeeMessage.body", message, texts.link("/receipt"))));
    }

}
