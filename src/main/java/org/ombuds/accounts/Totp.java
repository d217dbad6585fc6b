package org.ombuds.accounts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

/**
 * RFC 6238 codes as authenticator apps make them: HMAC-SHA1, 30-second steps, 6 digits. The secret is 160 random
 * bits, written in Base32 for people and apps.
 */
final class Totp {
    static final Duration STEP = Duration.ofSeconds(30);
    static final int DIGITS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TimeBasedOneTimePasswordGenerator GENERATOR =
            new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private Totp() {
    }

    static String newSecret() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return new Base32().encodeToString(secret).replace("=", "");
    }

    static long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
    }

    /** The code for a time step, zero-padded to six digits. */
    static String codeAt(String base32Secret, long step) {
        return codeAt(new Base32().decode(base32Secret.toUpperCase(Locale.ROOT)), step, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1, DIGITS);
    }

    static String codeAt(byte[] secret, long step, String algorithm, int digits) {
        try {
            TimeBasedOneTimePasswordGenerator generator = algorithm.equals(GENERATOR.getAlgorithm()) && digits == DIGITS
                    ? GENERATOR : new TimeBasedOneTimePasswordGenerator(STEP, digits, algorithm);
            return generator.generateOneTimePasswordString(new SecretKeySpec(secret, algorithm),
                    Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the code is the one for this step, compared in constant time. */
    static boolean matches(String base32Secret, long step, String code) {
        return MessageDigest.isEqual(codeAt(base32Secret, step).getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII));
    }

    /** The otpauth:// URI that authenticator apps read from the QR code. */
    static String uri(String issuer, String accountEmail, String base32Secret) {
        String label = encode(issuer) + ":" + encode(accountEmail);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
