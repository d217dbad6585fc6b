/**
 * Transparency reports: per-period aggregate figures with small-count suppression ({@link org.ombuds.transparency.Disclosure}),
 * drafted, reviewed and published by admins; published at {@code /transparency} and {@code /api/v1/transparency}.
 */
package org.ombuds.transparency;
