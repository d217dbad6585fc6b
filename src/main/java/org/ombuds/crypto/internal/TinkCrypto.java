package org.ombuds.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import org.ombuds.crypto.Fingerprints;
import org.ombuds.crypto.KeyRotation;
import org.ombuds.crypto.Sealer;
import org.springframework.stereotype.Component;

/**
 * Tink AEAD (AES-256-GCM) for sealing and an HMAC-SHA256 PRF for fingerprints. The PRF key is never rotated:
 * fingerprints must stay comparable for as long as the records they index exist.
 */
@Component
class TinkCrypto implements Sealer, Fingerprints, KeyRotation {
    private final KeySets keys;

    TinkCrypto(KeySets keys) {
        this.keys = keys;
    }

    @Override
    public String seal(String plaintext, String context) {
        try {
            byte[] ciphertext = keys.get().aead().encrypt(plaintext.getBytes(StandardCharsets.UTF_8), bytes(context));
            return Base64.getEncoder().encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    @Override
    public String open(String sealed, String context) {
        try {
            byte[] plaintext = keys.get().aead().decrypt(Base64.getDecoder().decode(sealed), bytes(context));
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value does not open with the key set (wrong key or altered data)", e);
        }
    }

    @Override
    public int rotateMasterKey() {
        return keys.get().ring().rotateAead();
    }

    @Override
    public String of(String canonicalValue) {
        try {
            return HexFormat.of().formatHex(keys.get().prf().computePrimary(bytes(canonicalValue), 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("fingerprint failed", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
