package org.ombuds.enforcement.internal;

import java.util.List;
import java.util.Locale;

import org.ombuds.accounts.Account;
import org.ombuds.cases.Cases;
import org.ombuds.community.Spaces;
import org.ombuds.enforcement.EnforcementFailed;
import org.ombuds.platform.Mailer;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/** Tells the committee members who may see the case that a space keeps refusing a sanction (a link, no content). */
@Component
class EnforcementAlerts {
    private final Mailer mailer;
    private final Cases cases;
    private final Spaces spaces;
    private final MessageSource messages;
    private final String baseUrl;

    EnforcementAlerts(Mailer mailer, Cases cases, Spaces spaces, MessageSource messages, OmbudsProperties properties) {
        this.mailer = mailer;
        this.cases = cases;
        this.spaces = spaces;
        this.messages = messages;
        this.baseUrl = properties.baseUrl();
    }

    // Published by the delivery job outside any transaction, so a plain (asynchronous) listener.
    @Async
    @EventListener
    void failed(EnforcementFailed failed) {
        if (!mailer.configured()) return;
        List<String> committee = cases.staffWhoMaySee(failed.caseId()).stream().map(Account::email).toList();
        if (committee.isEmpty()) return;
        String space = spaces.byId(failed.spaceId()).map(found -> found.slug()).orElse(failed.spaceId());
        mailer.send(committee, text("mail.enforcementFailed.subject"), text("mail.enforcementFailed.body",
                text("mail.enforcementFailed." + failed.operation()), space, baseUrl + "/staff/sanctions/" + failed.sanctionId() + "/enforcement"));
    }

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, Locale.ENGLISH);
    }
}
