package org.ombuds.appeals.internal;

import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.appeals.AppealActivity;
import org.ombuds.appeals.AppealReviewers;
import org.ombuds.appeals.Appeals;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.GrantingReview;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Putting an appeal in the hands of an independent reviewer ({@link AppealReviewers} says who may): on filing, by an
 * admin who assigns or replaces one, and when an admin reopens an upheld appeal for someone new. The reviewer may read
 * the case for the appeal only, from assignment until the appeal is decided or they are replaced.
 */
@Component
public class AssigningReviewer {
    private final JdbcClient jdbc;
    private final AppealAccess access;
    private final AppealRecords records;
    private final AppealReviewers reviewers;
    private final Accounts accounts;
    private final GrantingReview review;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AssigningReviewer(JdbcClient jdbc, AppealAccess access, AppealRecords records, AppealReviewers reviewers, Accounts accounts, GrantingReview review,
                      AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.records = records;
        this.reviewers = reviewers;
        this.accounts = accounts;
        this.review = review;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** An admin assigns (or replaces) the reviewer; only someone who took no part in the case. */
    @Transactional
    public void assign(String adminAccountId, String appealId, String reviewerEmail) {
        access.requireAdmin(adminAccountId);
        AppealRow appeal = access.visible(adminAccountId, appealId);
        if (appeal.status().equals(Appeals.DECIDED)) throw new ConflictException("email", "this appeal was decided; reopen it first");
        Account reviewer = accounts.byEmail(reviewerEmail == null ? "" : reviewerEmail.strip())
                .orElseThrow(() -> new InvalidInputException("email", "there is no staff account with this email address"));
        Optional<String> why = reviewers.ineligibility(reviewer, appeal.caseId());
        if (why.isPresent()) throw new ConflictException("email", reviewer.name() + " may not review this appeal: " + why.get());
        if (reviewer.id().equals(appeal.reviewerId())) throw new ConflictException("email", reviewer.name() + " reviews this appeal already");
        setReviewer(appeal, reviewer, adminAccountId);
    }

    /** An admin reopens an upheld appeal: it goes to another reviewer who took no part, the previous one excluded. */
    @Transactional
    public void reopen(String adminAccountId, String appealId) {
        access.requireAdmin(adminAccountId);
        AppealRow appeal = access.visible(adminAccountId, appealId);
        if (!appeal.status().equals(Appeals.DECIDED) || !"upheld".equals(appeal.outcome())) {
            throw new ConflictException("appeal", "only an upheld appeal can be reopened (this one is " + appeal.status()
                    + (appeal.outcome() == null ? "" : ", " + appeal.outcome()) + ")");
        }
        jdbc.sql("UPDATE appeal SET status = ?, outcome = NULL, decided_at = NULL, reviewer_id = NULL, assigned_at = NULL WHERE id = ?")
                .params(Appeals.AWAITING_REVIEWER, appeal.id()).update();
        records.event(appeal.id(), adminAccountId, "reopened", "upheld");
        audit.record("reopen", "appeal", appeal.id(), appeal.caseId());
        Set<String> previous = new HashSet<>(jdbc.sql("SELECT detail FROM appeal_event WHERE appeal_id = ? AND kind = 'assigned'")
                .param(appeal.id()).query(String.class).list());
        assignNext(appeal.id(), appeal.caseId(), previous, adminAccountId);
    }

    /**
     * The next eligible reviewer, never one of {@code excluded}; with none, the appeal waits and admins hear of it.
     * Public because {@link FilingAppeal} calls it through this bean's transactional proxy.
     */
    public void assignNext(String appealId, String caseId, Set<String> excluded, String actor) {
        Optional<Account> reviewer = reviewers.pick(caseId, excluded);
        if (reviewer.isPresent()) {
            setReviewer(records.row(appealId), reviewer.get(), actor);
        } else {
            records.event(appealId, actor, "no-eligible-reviewer", null);
            events.publishEvent(new AppealActivity(appealId, AppealActivity.Kind.NO_REVIEWER));
        }
    }

    private void setReviewer(AppealRow appeal, Account reviewer, String actor) {
        if (appeal.reviewerId() != null) review.revokeReview(appeal.caseId(), appeal.id());
        jdbc.sql("UPDATE appeal SET status = ?, reviewer_id = ?, assigned_at = ? WHERE id = ?")
                .params(Appeals.IN_REVIEW, reviewer.id(), clock.millis(), appeal.id()).update();
        review.grantReview(appeal.caseId(), reviewer.id(), appeal.id());
        records.event(appeal.id(), actor, "assigned", reviewer.id());
        events.publishEvent(new AppealActivity(appeal.id(), AppealActivity.Kind.ASSIGNED));
    }
}
