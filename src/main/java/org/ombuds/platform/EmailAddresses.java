package org.ombuds.platform;

import java.net.IDN;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for the email addresses Ombuds is given and writes to (reporters, handles, staff accounts, letters, the
 * committee). Mail leaves through SMTP without SMTPUTF8, which carries ASCII only, and a character outside it would be
 * cut to its low byte on the way ({@code аlice} became {@code 0lice}). So an internationalised domain is kept in its
 * ASCII form (IDNA, {@code xn--…}), which reaches the same mailbox, and a mailbox name (the part before the @) outside
 * ASCII is refused with a reason: there is no ASCII form of it that reaches the same person.
 */
public final class EmailAddresses {
    public static final int MAX_LENGTH = 254;
    /** The suffix of an {@link InvalidInputException}'s code when the mailbox name is outside ASCII. */
    public static final String INTERNATIONAL = ".international";
    /** Why such an address is refused, after the address itself. */
    public static final String INTERNATIONAL_REASON = "has a character before the @ that is not a plain Latin letter, digit or sign"
            + " (a Cyrillic \u0430 can look just like a Latin a); mail to such an address cannot be sent from here";
    /** An address in the form Ombuds keeps: printable ASCII, one @, a dot in the domain. */
    public static final Pattern ASCII_ADDRESS = Pattern.compile("[!-~&&[^@]]{1,64}@[!-~&&[^@]]+\\.[!-~&&[^@]]{1,63}");
    // java.net.IDN implements IDNA2003, which turns these four into other letters (ß into ss) where IDNA2008 and the
    // registries keep them: such a domain is refused rather than written to someone else's.
    private static final Pattern DEVIATIONS = Pattern.compile("[\u00DF\u03C2\u200C\u200D]");

    private EmailAddresses() {
    }

    /** The address as Ombuds keeps and sends it (domain in ASCII), or empty when Ombuds cannot write to it. */
    public static Optional<String> ascii(String address) {
        if (address == null) return Optional.empty();
        String typed = address.strip();
        int at = typed.lastIndexOf('@');
        if (at < 1 || internationalMailbox(typed)) return Optional.empty();
        String domain = typed.substring(at + 1);
        if (!isAscii(domain)) {
            if (DEVIATIONS.matcher(domain).find()) return Optional.empty();
            try {
                domain = IDN.toASCII(domain);
            } catch (IllegalArgumentException notADomain) {
                return Optional.empty();
            }
        }
        String kept = typed.substring(0, at + 1) + domain;
        return kept.length() <= MAX_LENGTH && ASCII_ADDRESS.matcher(kept).matches() ? Optional.of(kept) : Optional.empty();
    }

    /** The address with an IDNA ({@code xn--}) domain written as people read it; anything else as it is. */
    public static String readable(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 0 || !address.substring(at + 1).toLowerCase(java.util.Locale.ROOT).contains("xn--")) return address;
        try {
            return address.substring(0, at + 1) + IDN.toUnicode(address.substring(at + 1));
        } catch (IllegalArgumentException notADomain) {
            return address;
        }
    }

    /** Whether the mailbox name (before the last @) has characters outside ASCII. */
    public static boolean internationalMailbox(String address) {
        if (address == null) return false;
        int at = address.lastIndexOf('@');
        return !isAscii(at < 0 ? address : address.substring(0, at));
    }

    /**
     * {@link #ascii} or a refusal of {@code field}: with code {@code code + INTERNATIONAL} when the mailbox name is
     * outside ASCII, with {@code code} (the field's name when null) when it is no address; the address is the argument.
     */
    public static String require(String field, String code, String typed) {
        String shown = Slugs.printable(typed == null ? "" : typed.strip());
        if (typed != null && internationalMailbox(typed.strip())) {
            throw new InvalidInputException(field, "'" + shown + "' " + INTERNATIONAL_REASON + ", so please check it or give another address",
                    (code == null ? field : code) + INTERNATIONAL, shown);
        }
        return ascii(typed).orElseThrow(() -> new InvalidInputException(field, "'" + shown + "' is not a valid email address", code, shown));
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }
}
