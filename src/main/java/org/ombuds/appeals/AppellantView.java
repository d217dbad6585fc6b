package org.ombuds.appeals;

import java.time.Instant;
import java.util.List;

/**
 * What the appellant sees through their link: the decision as their letter told it, until when an appeal may be
 * filed, whether they may file one now, and their appeal once filed (outcome and reasoning once decided).
 */
public record AppellantView(String action, String decisionStatus, String letter, Instant appealUntil, boolean mayFile, Appeal appeal) {

    public record Appeal(String status, Instant filedAt, String statement, String evidence, List<Message> messages, String outcome,
                         String reasoning, Instant decidedAt) {
    }
}
