/**
 * Imports: a committee's records from before Ombuds (a spreadsheet exported as CSV) brought in as closed cases,
 * their decisions and sanctions, so that a person's history and the ladder's guidance count them. It writes only
 * through the public API of {@code community}, {@code cases} and {@code sanctions}; nothing depends on it but the
 * command line and its own API.
 */
@ApplicationModule(allowedDependencies = {"accounts", "cases", "coc", "community", "platform", "sanctions"})
package org.ombuds.imports;

import org.springframework.modulith.ApplicationModule;
