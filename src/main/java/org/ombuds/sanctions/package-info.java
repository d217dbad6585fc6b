/**
 * Decisions on cases with their votes and quorum, the sanctions they start (with their end and expiry), no-contact
 * orders, and the letters to sanctioned people. Publishes {@code SanctionDecided}, {@code SanctionEnded},
 * {@code SanctionLifted} and {@code SanctionRecorded}. Owns the tables {@code decision}, {@code decision_vote},
 * {@code decision_no_contact}, {@code sanction}, {@code sanction_appeal_link} and {@code letter_text}.
 */
@ApplicationModule(allowedDependencies = {"accounts", "audit", "cases", "coc", "community", "crypto", "intake", "platform"})
package org.ombuds.sanctions;

import org.springframework.modulith.ApplicationModule;
