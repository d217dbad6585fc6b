package org.ombuds.cases;

import java.util.Arrays;
import java.util.Optional;

/**
 * The case timeline's vocabulary: every kind of entry a case's timeline holds, each with the id it is stored under
 * (rows written before this type existed read the same) and its message, {@code case.event.<id>}, in every language.
 */
public final class CaseEvent {
    private CaseEvent() {
    }

    /** What happened to a case. The ids are stored: never rename one, add a new kind instead. */
    public enum Kind {
        OPENED("opened"),
        REPORT_JOINED("report-joined"),
        IMPORTED("imported"),
        NOTE("note"),
        STATUS("status"),
        SEVERITY("severity"),
        ASSIGNED("assigned"),
        ASSIGNED_LEAD("assigned-lead"),
        RECUSED("recused"),
        CONFLICT_DECLARED("conflict-declared"),
        RECUSAL_LIFTED("recusal-lifted"),
        NAMED_IN_REPORT("named-in-report"),
        NAMED_STILL_SEES("named-still-sees"),
        /** Written before parties were confirmed (a subject added by hand); old rows still hold it. */
        SUBJECT_ADDED("subject-added"),
        PARTY_CONFIRMED("party-confirmed"),
        PARTY_REMOVED("party-removed"),
        MESSAGE_TO_REPORTER("message-to-reporter"),
        LETTER("letter"),
        LETTER_NOT_SENT("letter-not-sent"),
        MERGED_FROM("merged-from"),
        MERGED_INTO("merged-into"),
        SPLIT_TO("split-to"),
        SPLIT_FROM("split-from"),
        DECISION_PROPOSED("decision-proposed"),
        DECISION_IMPORTED("decision-imported"),
        DECISION_APPROVED("decision-approved"),
        DECISION_OBJECTED("decision-objected"),
        DECISION_REJECTED("decision-rejected"),
        DECISION_IN_EFFECT("decision-in-effect"),
        INTERIM_MEASURE("interim-measure"),
        INTERIM_IN_EFFECT("interim-in-effect"),
        INTERIM_RATIFIED("interim-ratified"),
        INTERIM_LAPSED("interim-lapsed"),
        OUTCOME_TO_REPORTER("outcome-to-reporter"),
        APPEAL_FILED("appeal-filed"),
        APPEAL_REVIEW_GRANTED("appeal-review-granted"),
        APPEAL_REVIEW_ENDED("appeal-review-ended"),
        DECISION_UPHELD("decision-upheld"),
        DECISION_MODIFIED("decision-modified"),
        DECISION_OVERTURNED("decision-overturned"),
        ENFORCEMENT_FAILED("enforcement-failed"),
        ENFORCEMENT_DRIFT_REAPPLIED("enforcement-drift-reapplied"),
        ENFORCEMENT_DRIFT_LIFTED("enforcement-drift-lifted"),
        LEGAL_HOLD_SET("legal-hold-set"),
        LEGAL_HOLD_RELEASED("legal-hold-released"),
        PURGED("purged");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The id stored in case_event.kind and shown in the API's timeline. */
        public String id() {
            return id;
        }

        /** The message key the case page renders this kind with. */
        public String messageKey() {
            return "case.event." + id;
        }

        public static Optional<Kind> fromId(String id) {
            return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
        }

        /** The kind stored under this id; an unknown id is a programming error (a kind written without being listed here). */
        public static Kind require(String id) {
            return fromId(id).orElseThrow(() -> new IllegalArgumentException("no case timeline kind '" + id + "'"));
        }
    }
}
