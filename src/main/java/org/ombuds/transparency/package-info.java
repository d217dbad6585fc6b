/**
 * Transparency reports: per-period aggregate figures with small-count suppression ({@link org.ombuds.transparency.Disclosure}),
 * drafted, reviewed and published by admins; published at {@code /transparency} and {@code /api/v1/transparency}. It
 * only counts, through the other modules' statistics. Owns the table {@code transparency_report}.
 */
@ApplicationModule(allowedDependencies = {"accounts", "appeals", "audit", "cases", "coc", "community", "intake", "platform", "sanctions"})
package org.ombuds.transparency;

import org.springframework.modulith.ApplicationModule;
