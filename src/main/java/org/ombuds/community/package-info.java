/**
 * Communities (a foundation and its projects), their spaces, and the people cases name with their identity handles
 * (stored as keyed fingerprints), merges and the history of who linked what. Owns the tables {@code community},
 * {@code space}, {@code person}, {@code identity_handle} and {@code identity_change}.
 */
@ApplicationModule(allowedDependencies = {"crypto", "platform"})
package org.ombuds.community;

import org.springframework.modulith.ApplicationModule;
