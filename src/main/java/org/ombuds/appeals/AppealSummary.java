package org.ombuds.appeals;

import java.time.Instant;

/** An appeal in a list: the case's code name, the decision's action, status, reviewer and outcome. */
public record AppealSummary(String id, String caseId, String codeName, String decisionId, String action, String status, String reviewerId,
                            String reviewerName, Instant filedAt, String outcome) {
}
