package org.ombuds.community;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.ombuds.platform.EmailAddresses;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;

/**
 * One way a person is known in a space, written {@code kind:value} (email:ada@example.org, github:ada,
 * matrix:@ada:example.org, xmpp:ada@example.org). Values are normalised so that the same person matches however the
 * handle was typed.
 */
public record IdentityHandle(String kind, String value) {
    private static final Pattern EMAIL = EmailAddresses.ASCII_ADDRESS;
    /** Kinds whose value is an email address: kept in the form mail can be sent to (see {@link EmailAddresses}). */
    private static final java.util.Set<String> ADDRESSES = java.util.Set.of("email", "mailman", "zulip");
    private static final Map<String, Pattern> KINDS = Map.ofEntries(
            Map.entry("email", EMAIL),
            Map.entry("mailman", EMAIL),
            Map.entry("github", Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}")),
            Map.entry("gitlab", Pattern.compile("[a-z0-9_][a-z0-9_.-]{0,254}")),
            Map.entry("forgejo", Pattern.compile("[a-z0-9_.\\-]{1,40}")),
            Map.entry("matrix", Pattern.compile("@[a-z0-9._=\\-/+]+:[a-z0-9.\\-]+(?::[0-9]{1,5})?")),
            Map.entry("irc", Pattern.compile("[a-z_\\[\\]\\\\^{}|`][a-z0-9_\\[\\]\\\\^{}|`-]{0,49}(?:@[a-z0-9.\\-]+)?")),
            Map.entry("discourse", Pattern.compile("[a-z0-9_.\\-]{1,60}")),
            Map.entry("discord", Pattern.compile("[0-9]{17,20}|[a-z0-9_.]{2,32}")),
            Map.entry("mastodon", Pattern.compile("@?[a-z0-9_]{1,30}@[a-z0-9.\\-]+")),
            Map.entry("zulip", EMAIL),
            Map.entry("mattermost", Pattern.compile("[a-z][a-z0-9._\\-]{2,21}")),
            Map.entry("slack", Pattern.compile("[a-z0-9]{9,12}")),
            // A bare JID (RFC 7622): a localpart without the characters it excludes, @, a domain; no resource.
            Map.entry("xmpp", Pattern.compile("[^\\s\"&'/:<>@]{1,1023}@[a-z0-9.\\-]+")),
            Map.entry("other", Pattern.compile("\\S.{0,199}")));

    public IdentityHandle {
        if (kind == null || !KINDS.containsKey(kind)) {
            throw new InvalidInputException("handles", "unknown handle kind '" + (kind == null ? "" : Slugs.printable(kind))
                    + "'; known kinds: " + String.join(", ", new java.util.TreeSet<>(KINDS.keySet())));
        }
        value = value == null ? "" : value.strip();
        if (ADDRESSES.contains(kind)) {
            if (EmailAddresses.internationalMailbox(value)) {
                String shown = kind + ":" + Slugs.printable(value);
                throw new InvalidInputException("handles", "'" + shown + "' " + EmailAddresses.INTERNATIONAL_REASON,
                        "handles" + EmailAddresses.INTERNATIONAL, shown);
            }
            value = EmailAddresses.ascii(value).orElse(value);
        }
        if (!kind.equals("other")) value = value.toLowerCase(Locale.ROOT);
        if (!KINDS.get(kind).matcher(value).matches()) {
            throw new InvalidInputException("handles", "'" + kind + ":" + Slugs.printable(value) + "' is not a well-formed "
                    + kind + " handle");
        }
    }

    /** Parses {@code kind:value}; only the first colon separates (matrix ids contain colons). */
    public static IdentityHandle parse(String text) {
        if (text == null || text.indexOf(':') < 1) {
            throw new InvalidInputException("handles", "a handle is written kind:value, for example github:octocat, got '"
                    + (text == null ? "" : Slugs.printable(text)) + "'");
        }
        int colon = text.indexOf(':');
        return new IdentityHandle(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1));
    }

    public static java.util.Set<String> kinds() {
        return new java.util.TreeSet<>(KINDS.keySet());
    }

    @Override
    public String toString() {
        return kind + ":" + value;
    }
}
