/**
 * Enforcement in the spaces: the connector SPI and its built-in connectors, the state each (person, space) should be
 * in and the worker that drives the peers there, reconciliation with what the peers report, the ban-check API
 * served from the in-memory {@link org.ombuds.enforcement.BanIndex}, and the check-in list. It keeps its own view of
 * the sanctions, fed by the {@code sanctions} module's events in the same transaction. Owns the tables
 * {@code enforcement_sanction}, {@code enforcement_state} and {@code space_connector}.
 */
@ApplicationModule(allowedDependencies = {"accounts", "audit", "cases", "coc", "community", "crypto", "platform", "sanctions"})
package org.ombuds.enforcement;

import org.springframework.modulith.ApplicationModule;
