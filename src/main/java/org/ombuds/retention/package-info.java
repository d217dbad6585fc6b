/**
 * Retention: the purge job that removes the content of cases whose time has come (each module purges its own records
 * through its public API), legal hold, and data-subject requests (a person's export and erasure). It is a module of
 * its own, not part of {@code transparency}, because it changes and removes other modules' records, where transparency
 * only counts them; see the README's design section. It owns no table.
 */
@ApplicationModule(allowedDependencies = {"accounts", "appeals", "audit", "cases", "community", "intake", "platform", "sanctions"})
package org.ombuds.retention;

import org.springframework.modulith.ApplicationModule;
