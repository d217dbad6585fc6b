package org.ombuds.enforcement.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLException;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;

/**
 * Bans in XMPP multi-user chat rooms (XEP-0045, written against Prosody 0.12) through Smack: every call connects as the
 * configured account (STARTTLS, SASL), does its work in each room of the {@code rooms} setting and disconnects.
 * <ul>
 * <li>apply: the bare JID's affiliation becomes {@code outcast}, with the reason: the room removes the person (status
 * 301) and refuses them until lifted. XMPP has no end time for it: Ombuds lifts at the end.</li>
 * <li>lift: {@code outcast} becomes {@code none}, only where the JID is an outcast, so lifting never takes a membership
 * or an admin's rights from someone who was not banned (nor gives back a membership the ban replaced).</li>
 * <li>applied: whether the JID is on every room's outcast list; empty when a room does not let the account read it.</li>
 * <li>test: logs in, and reads each room's outcast list, which only the room's admins and owners may.</li>
 * </ul>
 * The account must be an admin or owner of every room. Nothing the server or the sanction says is logged.
 */
@Component
public class XmppConnector implements Connector {
    private static final int DEFAULT_PORT = 5222;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long REPLY_TIMEOUT_MILLIS = 10_000;
    private static final Set<String> TRUE = Set.of("true", "yes", "1");

    public XmppConnector() {
    }

    @Override
    public String type() {
        return "xmpp";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("xmpp");
    }

    @Override
    public Set<Capability> capabilities() {
        // An outcast stays one until lifted: no SUSPEND_UNTIL.
        return EnumSet.of(Capability.BAN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                new Setting("jid", "the bare JID of the account Ombuds logs in as, such as ombuds@example.org; it must be an admin or owner "
                        + "of every room", false, true),
                new Setting("password", "that account's password", true, true),
                new Setting("rooms", "the room JIDs, comma-separated, such as chat@conference.example.org", false, true),
                new Setting("host", "the server's name or address to connect to (default: found from the JID's domain through DNS)", false, false),
                new Setting("port", "its port for clients (default 5222)", false, false),
                new Setting("allowPlain", "true to go on without TLS when the server offers none; only for a server on this machine "
                        + "(localhost, 127.0.0.1, ::1), as the password and handles would cross the network in the clear (default false: "
                        + "STARTTLS with a certificate valid for the domain is required)", false, false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        EntityBareJid person = person(target);
        String reason = reason(target);
        session(settings, rooms -> {
            for (MultiUserChat room : rooms) {
                String what = "banning in " + room.getRoom();
                call(what, () -> {
                    room.banUser(person, reason);
                    return null;
                });
            }
            return null;
        });
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        EntityBareJid person = person(target);
        session(settings, rooms -> {
            for (MultiUserChat room : rooms) {
                if (!outcasts(room).contains(person)) continue;
                call("lifting the ban in " + room.getRoom(), () -> {
                    room.revokeMembership(person);
                    return null;
                });
            }
            return null;
        });
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        EntityBareJid person = person(target);
        return session(settings, rooms -> {
            boolean everywhere = true;
            for (MultiUserChat room : rooms) {
                Optional<List<EntityBareJid>> outcasts = readableOutcasts(room);
                if (outcasts.isEmpty()) return Optional.<Boolean>empty();
                everywhere &= outcasts.get().contains(person);
            }
            return Optional.of(everywhere);
        });
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        session(settings, rooms -> {
            for (MultiUserChat room : rooms) outcasts(room);
            return null;
        });
    }

    private interface Work<T> {
        T run(List<MultiUserChat> rooms) throws PeerException;
    }

    private interface Call<T> {
        T run() throws XMPPException, SmackException, InterruptedException;
    }

    /** Connects and logs in, runs the work on the configured rooms, and disconnects; network trouble is retryable, refusals are not. */
    private <T> T session(ConnectorSettings settings, Work<T> work) throws PeerException {
        EntityBareJid account = jid(settings.require("jid"), "the setting 'jid'");
        String password = settings.require("password");
        List<EntityBareJid> roomJids = rooms(settings);
        String host = settings.get("host");
        int port = port(settings);
        boolean plain = TRUE.contains(settings.get("allowPlain", "false").toLowerCase(Locale.ROOT));
        if (plain && !thisMachine(host)) {
            throw new PeerException("allowPlain is only for a server on this machine: set host to localhost, 127.0.0.1 or ::1, "
                    + "or leave allowPlain out and use TLS", false);
        }
        String server = (host == null ? account.getDomain().toString() : host) + ":" + port;
        AbstractXMPPConnection connection;
        try {
            XMPPTCPConnectionConfiguration.Builder config = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(account.asDomainBareJid())
                    .setUsernameAndPassword(account.getLocalpart().toString(), password)
                    .setPort(port)
                    // Without presence the account does not show as online to its contacts at each call.
                    .setSendPresence(false)
                    .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                    .setSecurityMode(plain ? SecurityMode.ifpossible : SecurityMode.required);
            if (host != null) config.setHost(host);
            connection = new XMPPTCPConnection(config.build());
        } catch (IllegalArgumentException e) {
            throw new PeerException("the settings of the XMPP connector are not usable: the host or port is malformed", false);
        }
        connection.setReplyTimeout(REPLY_TIMEOUT_MILLIS);
        // The account's contacts are of no use here: one round trip fewer.
        Roster.getInstanceFor(connection).setRosterLoadedAtLogin(false);
        try {
            connection.connect();
            connection.login();
            MultiUserChatManager manager = MultiUserChatManager.getInstanceFor(connection);
            List<MultiUserChat> rooms = new ArrayList<>();
            for (EntityBareJid room : roomJids) rooms.add(manager.getMultiUserChat(room));
            return work.run(rooms);
        } catch (SASLErrorException e) {
            throw new PeerException("the XMPP server " + server + " refused the login of " + account + ": "
                    + e.getSASLFailure().getSASLErrorString() + words(e.getSASLFailure().getDescriptiveText()), false);
        } catch (SmackException.SecurityRequiredByClientException e) {
            throw new PeerException("the XMPP server " + server + " does not offer TLS (STARTTLS), which the connector requires", false);
        } catch (SmackException.EndpointConnectionException e) {
            throw new PeerException("the XMPP server " + server + " could not be reached: " + e.getMessage(), true);
        } catch (SmackException.NoResponseException e) {
            throw new PeerException("the XMPP server " + server + " did not answer in time", true);
        } catch (SmackException e) {
            if (e.getCause() instanceof SSLException) {
                throw new PeerException("TLS with the XMPP server " + server + " failed: " + e.getCause().getMessage(), false);
            }
            throw new PeerException("talking to the XMPP server " + server + " failed: " + e.getClass().getSimpleName()
                    + words(e.getMessage()), true);
        } catch (XMPPErrorException e) {
            throw refused("logging in to " + server, e);
        } catch (XMPPException | IOException e) {
            if (e instanceof SSLException || e.getCause() instanceof SSLException) {
                throw new PeerException("TLS with the XMPP server " + server + " failed: " + e.getMessage(), false);
            }
            throw new PeerException("talking to the XMPP server " + server + " failed: " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while talking to the XMPP server " + server, true);
        } finally {
            connection.disconnect();
        }
    }

    /** The bare JIDs on a room's outcast list; empty when the room refuses to show it (the account is no admin there). */
    private static Optional<List<EntityBareJid>> readableOutcasts(MultiUserChat room) throws PeerException {
        String what = "reading the outcast list of " + room.getRoom();
        try {
            return Optional.of(jids(room.getOutcasts()));
        } catch (XMPPErrorException e) {
            StanzaError.Condition condition = e.getStanzaError().getCondition();
            if (condition == StanzaError.Condition.forbidden || condition == StanzaError.Condition.not_allowed
                    || condition == StanzaError.Condition.feature_not_implemented) {
                return Optional.empty();
            }
            throw refused(what, e);
        } catch (SmackException | XMPPException | InterruptedException e) {
            throw broken(what, e);
        }
    }

    /** The bare JIDs on a room's outcast list; a refusal (forbidden: the account is no admin there) is a PeerException. */
    private static List<EntityBareJid> outcasts(MultiUserChat room) throws PeerException {
        return jids(call("reading the outcast list of " + room.getRoom(), room::getOutcasts));
    }

    private static List<EntityBareJid> jids(List<Affiliate> affiliates) {
        List<EntityBareJid> jids = new ArrayList<>();
        for (Affiliate affiliate : affiliates) {
            if (affiliate.getJid() != null && affiliate.getJid().asEntityBareJidIfPossible() != null) {
                jids.add(affiliate.getJid().asEntityBareJidIfPossible());
            }
        }
        return jids;
    }

    /** Runs one request; the room's error answer becomes a PeerException with its condition and text. */
    private static <T> T call(String what, Call<T> call) throws PeerException {
        try {
            return call.run();
        } catch (XMPPErrorException e) {
            throw refused(what, e);
        } catch (SmackException | XMPPException | InterruptedException e) {
            throw broken(what, e);
        }
    }

    /** Trouble other than the room's answer: a timeout, a broken connection; all retryable. */
    private static PeerException broken(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new PeerException("interrupted when " + what, true);
        }
        if (e instanceof SmackException.NoResponseException) return new PeerException("the XMPP server did not answer in time when " + what, true);
        if (e instanceof SmackException) {
            return new PeerException("the connection to the XMPP server broke when " + what + ": " + e.getClass().getSimpleName(), true);
        }
        return new PeerException("the XMPP server failed when " + what, true);
    }

    private static PeerException refused(String what, XMPPErrorException e) {
        StanzaError error = e.getStanzaError();
        String condition = error.getCondition() == null ? "error" : error.getCondition().toString();
        String hint = switch (condition) {
            case "forbidden", "not-allowed" -> what.startsWith("banning")
                    ? " (the account must be an admin or owner of the room, and an admin cannot ban its owners or admins)"
                    : " (the account must be an admin or owner of the room)";
            case "item-not-found" -> " (no such room)";
            default -> "";
        };
        boolean retryable = Set.of("internal-server-error", "remote-server-timeout", "resource-constraint", "service-unavailable",
                "remote-server-not-found").contains(condition);
        return new PeerException("the XMPP server refused " + what + ": " + condition + words(error.getDescriptiveText()) + hint, retryable);
    }

    private static String words(String text) {
        return text == null || text.isBlank() ? "" : " (" + text.replaceAll("[\\r\\n]+", " ").strip() + ")";
    }

    private static EntityBareJid person(Target target) throws PeerException {
        if (!target.identity().kind().equals("xmpp")) {
            throw new PeerException("the XMPP connector acts on xmpp handles, not " + target.identity().kind(), false);
        }
        return jid(target.identity().value(), "the handle xmpp:" + target.identity().value());
    }

    private static List<EntityBareJid> rooms(ConnectorSettings settings) throws PeerException {
        List<EntityBareJid> rooms = new ArrayList<>();
        for (String room : settings.require("rooms").split(",")) {
            if (!room.isBlank()) rooms.add(jid(room.strip(), "the room '" + room.strip() + "'"));
        }
        if (rooms.isEmpty()) throw new PeerException("the setting 'rooms' names no room", false);
        return rooms;
    }

    private static EntityBareJid jid(String text, String what) throws PeerException {
        try {
            return JidCreate.entityBareFrom(text);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new PeerException(what + " is not a bare JID (name@domain)", false);
        }
    }

    private static int port(ConnectorSettings settings) throws PeerException {
        String port = settings.get("port");
        if (port == null) return DEFAULT_PORT;
        try {
            int value = Integer.parseInt(port);
            if (value > 0 && value < 65536) return value;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new PeerException("the setting 'port' must be a port number", false);
    }

    /** The literal names of this machine only (as PeerAddresses counts them): no lookup, so a name cannot move elsewhere later. */
    private static boolean thisMachine(String host) {
        if (host == null) return false;
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.equals("::1") || name.equals("[::1]")
                || name.matches("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
    }

    /** The reason the room records and shows: one line, short, naming the sanction. */
    private static String reason(Target target) {
        String reason = target.reason() == null ? "Code of Conduct sanction" : target.reason().replaceAll("[\\p{Cntrl}]+", " ").strip();
        if (reason.length() > 200) reason = reason.substring(0, 200);
        return reason.contains(target.sanctionId()) ? reason : reason + " (" + target.sanctionId() + ")";
    }
}
