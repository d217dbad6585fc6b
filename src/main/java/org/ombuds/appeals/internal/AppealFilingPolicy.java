package org.ombuds.appeals.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.ombuds.platform.ConflictException;
import org.ombuds.sanctions.AppealLinks;
import org.ombuds.sanctions.DecisionStatus;
import org.ombuds.sanctions.Decisions;

/**
 * When the person sanctioned may file an appeal, as named rules that give the reason they read when they may not.
 * The appellant's page asks the same rules whether to offer the form, so the page and the refusal never disagree.
 */
final class AppealFilingPolicy {
    private AppealFilingPolicy() {
    }

    /** What the rules look at. */
    record Request(AppealLinks.Link link, Decisions.Appealed decision, boolean filedAlready, Instant now) {
    }

    /** Why an appeal may not be filed: the field it concerns, the reason, and the message code the page shows it by. */
    record Refusal(String field, String reason, String code, Object... arguments) {
        ConflictException asConflict() {
            return new ConflictException(field, reason, code, arguments);
        }
    }

    static final Function<Request, Optional<Refusal>> WITHIN_THE_WINDOW = request -> request.link().open(request.now()) ? Optional.empty()
            : Optional.of(new Refusal("token", "this appeal link could be used until " + request.link().expiresAt()
                    + "; the time to appeal has passed", "expired", request.link().expiresAt().truncatedTo(ChronoUnit.MINUTES).toString()));

    static final Function<Request, Optional<Refusal>> ONCE_PER_DECISION = request -> !request.filedAlready() ? Optional.empty()
            : Optional.of(new Refusal("statement", "an appeal of this decision was filed already; follow it through the same link", "filed"));

    static final Function<Request, Optional<Refusal>> NOT_A_DECISION_ON_APPEAL = request -> !request.decision().onAppeal() ? Optional.empty()
            : Optional.of(new Refusal("statement", "this decision was made on appeal and is final", "final"));

    static final Function<Request, Optional<Refusal>> DECISION_STILL_STANDS = request -> DecisionStatus.IN_EFFECT.is(request.decision().status())
            ? Optional.empty()
            : Optional.of(new Refusal("statement", "this decision is " + request.decision().status()
                    + " and no longer stands; there is nothing to appeal", "noLongerStands"));

    /** Every rule, in the order their reasons are given. */
    static final List<Function<Request, Optional<Refusal>>> RULES =
            List.of(WITHIN_THE_WINDOW, ONCE_PER_DECISION, NOT_A_DECISION_ON_APPEAL, DECISION_STILL_STANDS);

    /** The first rule that refuses, or empty when the appeal may be filed. */
    static Optional<Refusal> refusal(Request request) {
        return RULES.stream().map(rule -> rule.apply(request)).flatMap(Optional::stream).findFirst();
    }
}
