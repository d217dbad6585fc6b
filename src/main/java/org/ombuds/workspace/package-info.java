/**
 * The committee's workspace: the page at {@code /staff} that gathers, for the signed-in staff member, what waits for
 * them across the other modules (new and overdue cases, decisions awaiting their vote, appeals, enforcement that
 * needs a person), each linked to the page where it is handled. It only reads, through the other modules' public
 * API, and nothing depends on it.
 */
@ApplicationModule(allowedDependencies = {"accounts", "appeals", "cases", "enforcement", "sanctions", "transparency"})
package org.ombuds.workspace;

import org.springframework.modulith.ApplicationModule;
