package org.ombuds.appeals.internal;

import java.util.List;
import java.util.Locale;

import org.ombuds.appeals.AppealActivity;
import org.ombuds.appeals.Appeals;
import org.ombuds.platform.Mailer;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells people about an appeal once the change is committed: the reviewer that it is theirs (a link, no content),
 * the admins (not recused from the case) that nobody may review it, the appellant the reviewer's questions and the outcome (by email when their
 * address is known; their appeal link always shows it).
 */
@Component
class AppealNotifications {
    private final Mailer mailer;
    private final ReadingAppeals reading;
    private final MessageSource messages;
    private final String baseUrl;

    AppealNotifications(Mailer mailer, ReadingAppeals reading, MessageSource messages, OmbudsProperties properties) {
        this.mailer = mailer;
        this.reading = reading;
        this.messages = messages;
        this.baseUrl = properties.baseUrl();
    }

    @Async
    @TransactionalEventListener
    void activity(AppealActivity activity) {
        if (!mailer.configured()) return;
        Appeals.Recipients to = reading.recipients(activity.appealId());
        String link = baseUrl + "/staff/appeals/" + activity.appealId();
        switch (activity.kind()) {
            case ASSIGNED:
                to.reviewerEmail().ifPresent(reviewer -> mailer.send(List.of(reviewer), text("mail.appealAssigned.subject"),
                        text("mail.appealAssigned.body", link)));
                break;
            case NO_REVIEWER:
                if (!to.adminEmails().isEmpty()) mailer.send(to.adminEmails(), text("mail.appealWaiting.subject"), text("mail.appealWaiting.body", link));
                break;
            case APPELLANT_WROTE:
                to.reviewerEmail().ifPresent(reviewer -> mailer.send(List.of(reviewer), text("mail.appellantWrote.subject"),
                        text("mail.appellantWrote.body", link)));
                break;
            case REVIEWER_ASKED:
                to.appellantEmail().ifPresent(appellant -> mailer.send(List.of(appellant), text("mail.appealQuestion.subject"),
                        text("mail.appealQuestion.body", to.latestQuestion())));
                break;
            default:
                if (to.outcome() == null) return; // reopened since: the next decision is announced instead
                to.appellantEmail().ifPresent(appellant -> mailer.send(List.of(appellant), text("mail.appealDecided.subject"),
                        text("mail.appealDecided.body", text("mail.appealOutcome." + to.outcome()), to.reasoning())));
        }
    }

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, Locale.ENGLISH);
    }
}
