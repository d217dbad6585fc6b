/**
 * The command line in the same jar (picocli): each command starts the application without its web server and calls
 * the other modules' public API. It owns no table.
 */
@ApplicationModule(allowedDependencies = {"accounts", "audit", "backup", "cases", "coc", "community", "crypto", "imports", "platform", "retention"})
package org.ombuds.cli;

import org.springframework.modulith.ApplicationModule;
