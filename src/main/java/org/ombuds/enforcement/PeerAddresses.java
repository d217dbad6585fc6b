package org.ombuds.enforcement;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a connector may send its requests: they carry the peer's credentials and the sanctioned person's handle, so
 * only over https, or over plain http to this machine itself (localhost, 127.0.0.0/8, [::1]), where nothing crosses a
 * network (a Mailman core next to Ombuds, the tests' stubs). Checked when an admin configures a connector and again
 * before every call, for settings stored before the rule. Names are not looked up: only the literal addresses and
 * {@code localhost} count as this machine, so a name that points at 127.0.0.1 today cannot be moved elsewhere later.
 */
public final class PeerAddresses {
    private PeerAddresses() {
    }

    public static boolean allowed(String address) {
        if (address == null) return false;
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) return false;
        return scheme.equals("https") || (scheme.equals("http") && thisMachine(host.toLowerCase(Locale.ROOT)));
    }

    /** What the admin reads when a setting breaks the rule. */
    public static String refusal(String setting) {
        return "the setting '" + setting + "' must be an https:// address, such as https://example.org (plain http:// only to this"
                + " machine: localhost, 127.0.0.1 or [::1])";
    }

    private static boolean thisMachine(String host) {
        if (host.equals("localhost")) return true;
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String octet : host.split("\\.")) if (Integer.parseInt(octet) > 255) return false;
            return host.startsWith("127.");
        }
        // An IPv6 literal ([::1]): InetAddress reads it without a lookup, as it has a colon and nothing a name could have.
        if (host.startsWith("[") && host.endsWith("]") && host.matches("\\[[0-9a-f:.]+]")) {
            try {
                return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
