package org.ombuds.intake;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Receipt codes: 25 characters of Crockford's base32 in five groups (125 random bits), for example
 * {@code 7KQ2M-9XDAR-...}. Easy to read aloud and copy; typing mistakes between look-alike characters
 * (O/0, I/L/1) and missing hyphens or spaces still match.
 */
public final class Receipts {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int LENGTH = 25;

    private Receipts() {
    }

    public static String generate() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 5 == 0) code.append('-');
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The canonical form that is fingerprinted; null when the input cannot be a receipt at all. */
    public static String canonical(String typed) {
        if (typed == null || typed.length() > 80) return null;
        StringBuilder canonical = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || Character.isWhitespace(c)) continue;
            char mapped = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0) return null;
            canonical.append(mapped);
        }
        return canonical.length() == LENGTH ? canonical.toString() : null;
    }
}
