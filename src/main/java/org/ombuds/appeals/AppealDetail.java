package org.ombuds.appeals;

import java.time.Instant;
import java.util.List;

/**
 * An appeal as its reviewer (or an admin) sees it: the statement and evidence, the letter as sent, the
 * conversation, the reasoning once decided, its history, and who could review it (while it is open).
 */
public record AppealDetail(AppealSummary summary, String statement, String evidence, String letter, List<Message> messages, String reasoning,
                           String newDecisionId, List<Event> history, List<String> eligibleReviewers) {

    public record Event(Instant at, String actor, String kind, String detail) {
    }
}
