package org.ombuds.accounts;

import java.time.Instant;

/** A token as shown once at creation; only its hash is kept. */
public record IssuedToken(String id, String token, Instant expiresAt) {
}
