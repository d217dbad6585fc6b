package org.ombuds.enforcement;

import java.time.Instant;

import org.ombuds.community.IdentityHandle;

/**
 * What to enforce: the sanction (its id, its action), on whom (one identity handle of the sanctioned person),
 * until when (null: no end), and the reason the peer records (neutral words and the sanction id, never report content).
 */
public record Target(String sanctionId, String action, IdentityHandle identity, Instant until, String reason) {
}
