/**
 * Appeals: a sanctioned person's appeal through the personal link in their letter, heard by a reviewer who took no
 * part in the case, their messages and the outcome (upheld, modified, overturned), which {@code sanctions} carries out.
 * Owns the tables {@code appeal}, {@code appeal_event} and {@code appeal_message}.
 */
@ApplicationModule(allowedDependencies = {"accounts", "audit", "cases", "coc", "community", "crypto", "intake", "platform", "sanctions"})
package org.ombuds.appeals;

import org.springframework.modulith.ApplicationModule;
