/**
 * Cases built from reports (it opens or joins one on {@code ReportReceived}): triage, assignment, the case's
 * committee, conflicts of interest and recusal, the parties confirmed on it, notes, the letters sent about it, legal hold
 * and the case timeline, written from the other modules' events and calls. Owns every {@code case_*} table.
 */
@ApplicationModule(allowedDependencies = {"accounts", "audit", "community", "crypto", "intake", "platform"})
package org.ombuds.cases;

import org.springframework.modulith.ApplicationModule;
