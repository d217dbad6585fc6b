package org.ombuds.appeals;

import java.time.Instant;

/**
 * What a transparency report may count of one appeal: when it was filed and, once decided, when and with which
 * outcome (upheld, modified, overturned). Nothing else; retention keeps these columns.
 */
public record AppealStatistic(Instant filedAt, Instant decidedAt, String outcome) {
}
