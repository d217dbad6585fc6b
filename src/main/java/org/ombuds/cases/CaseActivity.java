package org.ombuds.cases;

/** Something the committee should hear about: a new case, or a new report on an existing one. */
public record CaseActivity(String caseId, Kind kind) {
    public enum Kind { OPENED, REPORT_JOINED }
}
