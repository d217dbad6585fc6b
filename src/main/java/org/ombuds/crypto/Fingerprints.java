package org.ombuds.crypto;

/**
 * Keyed hashes (HMAC-SHA256 PRF) of identifiers such as identity handles: equal inputs give equal
 * fingerprints, so records can be matched without storing or reading the plaintext, and without the key
 * nobody can test a guess against them.
 */
public interface Fingerprints {
    String of(String canonicalValue);
}
