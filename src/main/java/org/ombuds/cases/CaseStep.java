package org.ombuds.cases;

/**
 * Something another module did to a case, for the case's timeline: sanctions, appeals, enforcement and retention
 * publish it, and cases records it in the publisher's transaction (so the timeline never misses a step, and a step
 * rolled back leaves no entry). It is declared here, in the cases module's published language, rather than in the
 * publishers: they all depend on cases already, and cases depending back on them would make the module graph cyclic.
 * {@code detail} names records and values, never report content.
 */
public record CaseStep(String caseId, String actorAccountId, CaseEvent.Kind kind, String detail) {
    public CaseStep {
        if (caseId == null || kind == null) throw new IllegalArgumentException("a case step names its case and its kind");
    }
}
