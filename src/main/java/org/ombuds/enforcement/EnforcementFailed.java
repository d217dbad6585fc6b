package org.ombuds.enforcement;

/** A sanction could not be applied or lifted in a space after several attempts: the committee should look. */
public record EnforcementFailed(String sanctionId, String caseId, String spaceId, String operation) {
}
