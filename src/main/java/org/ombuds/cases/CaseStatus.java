package org.ombuds.cases;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;

/** Where a case stands. {@link #reporterStatus()} is how the reporter's receipt page says it. */
public enum CaseStatus {
    NEW("new", "received"),
    TRIAGE("triage", "acknowledged"),
    INVESTIGATING("investigating", "investigating"),
    AWAITING_DECISION("awaiting-decision", "investigating"),
    DECIDED("decided", "decided"),
    CLOSED("closed", "closed"),
    APPEALED("appealed", "investigating");

    private final String id;
    private final String reporterStatus;

    CaseStatus(String id, String reporterStatus) {
        this.id = id;
        this.reporterStatus = reporterStatus;
    }

    public String id() {
        return id;
    }

    public String reporterStatus() {
        return reporterStatus;
    }

    /** Still needs the committee: shown in the queue, with a deadline. */
    public boolean open() {
        return this != DECIDED && this != CLOSED;
    }

    public static CaseStatus fromId(String id) {
        return Arrays.stream(values()).filter(status -> status.id.equals(id)).findFirst()
                .orElseThrow(() -> new InvalidInputException("status", "status must be one of " + ids() + ", got '"
                        + (id == null ? "" : Slugs.printable(id)) + "'"));
    }

    public static String ids() {
        return Arrays.stream(values()).map(CaseStatus::id).collect(Collectors.joining(", "));
    }
}
