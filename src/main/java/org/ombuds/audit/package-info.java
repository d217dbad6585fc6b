/**
 * The hash-chained, append-only audit log of every read and change of sensitive records, its verification and signed
 * checkpoints. It depends on nothing but {@code platform}: the names of actors and who may see which case come in
 * through interfaces other modules implement ({@link org.ombuds.audit.ActorNames}, {@link org.ombuds.audit.CaseVisibility}).
 * Owns the tables {@code audit_entry} and {@code audit_head}.
 */
@ApplicationModule(allowedDependencies = {"platform"})
package org.ombuds.audit;

import org.springframework.modulith.ApplicationModule;
