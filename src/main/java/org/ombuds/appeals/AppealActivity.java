package org.ombuds.appeals;

/** Something happened on an appeal that someone should hear of (ids only). */
public record AppealActivity(String appealId, Kind kind) {
    public enum Kind {
        /** Assigned to a reviewer: the reviewer is told. */
        ASSIGNED,
        /** Nobody may review it: the admins are told. */
        NO_REVIEWER,
        /** The reviewer asked the appellant something. */
        REVIEWER_ASKED,
        /** The appellant wrote: the reviewer is told. */
        APPELLANT_WROTE,
        /** Decided: the appellant is told. */
        DECIDED
    }
}
