package org.ombuds.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.prf.PrfSet;

import org.ombuds.crypto.Fingerprints;
import org.ombuds.crypto.KeyRotation;
import org.ombuds.crypto.Sealer;
import org.ombuds.platform.DataFolder;
import org.springframework.stereotype.Component;

/**
 * Tink AEAD (AES-256-GCM) for sealing and an HMAC-SHA256 PRF for fingerprints. The PRF key is never rotated:
 * fingerprints must stay comparable for as long as the records they index exist.
 */
@Component
class TinkCrypto implements Sealer, Fingerprints, KeyRotation {
    private final Aead aead;
    private final PrfSet prf;
    private final KeyRing keys;

    TinkCrypto(DataFolder dataFolder) throws GeneralSecurityException {
        this.keys = new KeyRing(dataFolder);
        this.aead = keys.aead().getPrimitive(KeyRing.configuration(), Aead.class);
        this.prf = keys.prf().getPrimitive(KeyRing.configuration(), PrfSet.class);
    }

    @Override
    public String seal(String plaintext, String context) {
        try {
            byte[] ciphertext = aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), bytes(context));
            return Base64.getEncoder().encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    @Override
    public String open(String sealed, String context) {
        try {
            byte[] plaintext = aead.decrypt(Base64.getDecoder().decode(sealed), bytes(context));
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value does not open with the key set (wrong key or altered data)", e);
        }
    }

    @Override
    public int rotateMasterKey() {
        return keys.rotateAead();
    }

    @Override
    public String of(String canonicalValue) {
        try {
            return HexFormat.of().formatHex(prf.computePrimary(bytes(canonicalValue), 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("fingerprint failed", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
