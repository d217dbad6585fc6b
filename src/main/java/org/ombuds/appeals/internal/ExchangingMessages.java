package org.ombuds.appeals.internal;

import org.ombuds.appeals.AppealActivity;
import org.ombuds.appeals.Appeals;
import org.ombuds.audit.AuditLog;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.sanctions.AppealLinks;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The conversation of an appeal: the reviewer asks, the appellant answers through their link (and may add something
 * while the appeal is open). The appellant never learns the reviewer's name.
 */
@Component
public class ExchangingMessages {
    private final PersonalLinks links;
    private final AppealAccess access;
    private final AppealRecords records;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    ExchangingMessages(PersonalLinks links, AppealAccess access, AppealRecords records, AuditLog audit, ApplicationEventPublisher events) {
        this.links = links;
        this.access = access;
        this.records = records;
        this.audit = audit;
        this.events = events;
    }

    /** The appellant answers the reviewer (or adds something) while the appeal is open. */
    @Transactional
    public void reply(String token, String client, String body) {
        AppealLinks.Link link = links.resolve(token, client);
        AppealRow appeal = records.appealOf(link.decisionId()).orElseThrow(() -> new NotFoundException("no appeal was filed through this link yet"));
        if (appeal.status().equals(Appeals.DECIDED)) throw new ConflictException("body", "this appeal was decided; it takes no more messages", "decided");
        records.addMessage(appeal, "appellant", null, AppealRecords.required("body", body));
        audit.recordAs("appellant", "create", "appeal-message", appeal.id(), appeal.caseId(), "local");
        events.publishEvent(new AppealActivity(appeal.id(), AppealActivity.Kind.APPELLANT_WROTE));
    }

    /** The reviewer asks the appellant something; they read it through their link (and by email when known). */
    @Transactional
    public void ask(String reviewerAccountId, String appealId, String body) {
        AppealRow appeal = access.asReviewer(reviewerAccountId, appealId);
        records.addMessage(appeal, "reviewer", reviewerAccountId, AppealRecords.required("body", body));
        audit.record("create", "appeal-message", appeal.id(), appeal.caseId());
        events.publishEvent(new AppealActivity(appeal.id(), AppealActivity.Kind.REVIEWER_ASKED));
    }
}
