package org.ombuds.cases.internal;

import java.util.List;
import java.util.Locale;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.CaseActivity;
import org.ombuds.cases.Cases;
import org.ombuds.cases.RecusalChanged;
import org.ombuds.cases.Recusals;
import org.ombuds.platform.Mailer;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * After a report is committed, the admins and moderators who may see its case get a link (never content).
 * Recused members, including staff who are the subject or the reporter, are not told. A member an admin recuses is.
 */
@Component
class CaseNotifications {
    private final Mailer mailer;
    private final Cases cases;
    private final Recusals recusals;
    private final Accounts accounts;
    private final MessageSource messages;
    private final String baseUrl;

    CaseNotifications(Mailer mailer, Cases cases, Recusals recusals, Accounts accounts, MessageSource messages, OmbudsProperties properties) {
        this.recusals = recusals;
        this.accounts = accounts;
        this.mailer = mailer;
        this.cases = cases;
        this.messages = messages;
        this.baseUrl = properties.baseUrl();
    }

    @Async
    @TransactionalEventListener
    void caseActivity(CaseActivity activity) {
        if (!mailer.configured()) return;
        List<String> recipients = cases.staffWhoMaySee(activity.caseId()).stream().map(Account::email).toList();
        String kind = activity.kind() == CaseActivity.Kind.OPENED ? "mail.newReport" : "mail.reportJoined";
        mailer.send(recipients, text(kind + ".subject"), text(kind + ".body", baseUrl + "/staff/cases/" + activity.caseId()));
    }

    /**
     * The member an admin recused (or let back in) is told by whom and, for a recusal, why: never what the case is
     * about. A member a report names is not told (see {@link Recusals#lift}).
     */
    @Async
    @TransactionalEventListener
    void recusalChanged(RecusalChanged change) {
        if (!mailer.configured()) return;
        Account member = accounts.byId(change.accountId()).orElse(null);
        if (member == null || !member.active()) return;
        String by = accounts.byId(change.byAccountId()).map(Account::name).orElse("an admin");
        Recusals.Notice notice = recusals.notice(change.caseId(), change.accountId());
        if (change.change() == RecusalChanged.Change.RECUSED) {
            mailer.send(List.of(member.email()), text("mail.recused.subject", notice.codeName()),
                    text("mail.recused.body", notice.codeName(), by, notice.reason() == null ? "" : notice.reason()));
        } else {
            mailer.send(List.of(member.email()), text("mail.recusalLifted.subject", notice.codeName()),
                    text("mail.recusalLifted.body", notice.codeName(), by, baseUrl + "/staff/cases/" + change.caseId()));
        }
    }

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, Locale.ENGLISH);
    }
}
