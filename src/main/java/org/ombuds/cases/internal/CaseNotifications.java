package org.ombuds.cases.internal;

import java.util.List;
import java.util.Locale;

import org.ombuds.accounts.Account;
import org.ombuds.cases.CaseActivity;
import org.ombuds.cases.Cases;
import org.ombuds.platform.Mailer;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * After a report is committed, the admins and moderators who may see its case get a link (never content).
 * Recused members, including staff who are the subject or the reporter, are not told.
 */
@Component
class CaseNotifications {
    private final Mailer mailer;
    private final Cases cases;
    private final MessageSource messages;
    private final String baseUrl;

    CaseNotifications(Mailer mailer, Cases cases, MessageSource messages, OmbudsProperties properties) {
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

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, Locale.ENGLISH);
    }
}
