package org.ombuds.enforcement;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How Ombuds enforces sanctions in one kind of space (a platform): apply a sanction to an identity, lift it, and
 * read whether it is applied. Every call is idempotent: applying what is applied, or lifting what is not, succeeds,
 * so a call repeated after a crash or a timeout does no harm. A connector is a Spring bean; adding a platform means
 * one class and its tests. Peers' answers that say something went wrong become {@link PeerException}s.
 */
public interface Connector {

    /**
     * The connector's id, as an admin picks it for a space: webhook, irc, mailman, github, discourse, discord, matrix, xmpp,
     * mastodon, gitlab, forgejo, zulip, mattermost, slack.
     */
    String type();

    /** The identity handle kinds it can act on (github, email, irc...). */
    Set<String> identityKinds();

    /** What it can do at the peer. */
    Set<Capability> capabilities();

    /** The settings a space's configuration holds for it (credentials among them). */
    List<Setting> settings();

    void apply(ConnectorSettings settings, Target target) throws PeerException;

    void lift(ConnectorSettings settings, Target target) throws PeerException;

    /** Whether the sanction is in force at the peer for this identity; empty when the peer cannot say. */
    Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException;

    /** Checks that the settings reach the peer and are accepted ("test connection"). */
    void test(ConnectorSettings settings) throws PeerException;

    enum Capability {
        /** Keeps the person out until lifted. */
        BAN,
        /** Keeps the person out until a given time, by itself. */
        SUSPEND_UNTIL,
        /** Lets the person read but not write. */
        MUTE,
        /** Takes the person off a list. */
        REMOVE_FROM_LIST,
        /** Tells another system, which enforces (a signed webhook). */
        NOTIFY
    }

    /**
     * One setting: its name, what it is for, whether it is a secret (never shown back), and whether it is the address
     * Ombuds calls the peer at (held to {@link PeerAddresses}).
     */
    record Setting(String name, String description, boolean secret, boolean required, boolean address) {
        public Setting(String name, String description, boolean secret, boolean required) {
            this(name, description, secret, required, false);
        }

        /** The http(s) address of the peer. */
        public static Setting address(String name, String description, boolean required) {
            return new Setting(name, description, false, required, true);
        }
    }
}
