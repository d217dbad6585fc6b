package org.ombuds.crypto;

/**
 * Encrypts sensitive values before they reach the database. The context (for example the table and column)
 * is bound to the ciphertext as associated data, so a sealed value copied to another field will not open.
 */
public interface Sealer {
    String seal(String plaintext, String context);

    String open(String sealed, String context);
}
