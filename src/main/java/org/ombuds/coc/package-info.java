/**
 * The Code of Conduct: its immutable, hashed versions per community, and what each defines (categories, the ladder of
 * actions, scope), read from the Code's own text. Owns the table {@code coc_version}.
 */
@ApplicationModule(allowedDependencies = {"community", "platform"})
package org.ombuds.coc;

import org.springframework.modulith.ApplicationModule;
