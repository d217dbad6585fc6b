package org.ombuds.enforcement;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.internal.XmppConnector;
import org.ombuds.support.Ports;
import org.ombuds.support.ProsodyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The XMPP connector against a real Prosody 0.12 (Debian's {@code prosody}) on 127.0.0.1, started by {@link ProsodyServer}
 * with the project's config ({@code xmpp/prosody.cfg.lua}) on a free port: the connector logs in as the owner of two
 * rooms and bans {@code xmpp:mallory@ombuds.test}, who uses her own client. No TLS on loopback, so the settings say
 * allowPlain. Outside CI a machine without prosody skips this class; in CI (which installs it) its absence fails.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
@ExtendWith(ProsodyServer.class)
class XmppConnectorAgainstProsodyTest {
    private static final AtomicInteger SANCTIONS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ProsodyServer xmpp;
    private final XmppConnector connector = new XmppConnector();

    @BeforeAll
    static void startProsody() {
        xmpp = ProsodyServer.start();
    }

    @AfterAll
    static void stopProsody() {
        if (xmpp != null) xmpp.close();
    }

    @Test
    void anOutcastIsPutOutAndKeptOutUntilLifted() throws Exception {
        Target target = target("xmpp:" + ProsodyServer.MALLORY);
        assertThat(connector.applied(settings(), target)).contains(false);
        AbstractXMPPConnection mallory = xmpp.login(ProsodyServer.MALLORY, ProsodyServer.MALLORY_PASSWORD);
        try {
            MultiUserChat room = room(mallory);
            AtomicBoolean banned = new AtomicBoolean();
            room.addUserStatusListener(new UserStatusListener() {
                @Override
                public void banned(Jid actor, String reason) {
                    banned.set(true);
                }
            });
            room.join(Resourcepart.from("mallory"));
            assertThat(room.isJoined()).as("mallory can join before the ban").isTrue();

            connector.apply(settings(), target);

            await().atMost(WAIT).untilTrue(banned);
            assertThat(room.isJoined()).as("mallory is put out of the room").isFalse();
            assertThatThrownBy(() -> room.join(Resourcepart.from("mallory")))
                    .as("mallory cannot come back")
                    .isInstanceOfSatisfying(XMPPErrorException.class, e ->
                            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
            assertThatThrownBy(() -> room(mallory, ProsodyServer.SECOND_ROOM).join(Resourcepart.from("mallory")))
                    .as("nor enter the other room")
                    .isInstanceOfSatisfying(XMPPErrorException.class, e ->
                            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
        } finally {
            mallory.disconnect();
        }
        assertThat(connector.applied(settings(), target)).contains(true);

        connector.apply(settings(), target);
        assertThat(connector.applied(settings(), target)).as("applying twice is harmless").contains(true);

        connector.lift(settings(), target);
        assertThat(connector.applied(settings(), target)).contains(false);
        AbstractXMPPConnection back = xmpp.login(ProsodyServer.MALLORY, ProsodyServer.MALLORY_PASSWORD);
        try {
            for (String jid : List.of(ProsodyServer.ROOM, ProsodyServer.SECOND_ROOM)) {
                MultiUserChat room = room(back, jid);
                room.join(Resourcepart.from("mallory"));
                assertThat(room.isJoined()).as("mallory can join " + jid + " again once lifted").isTrue();
                room.leave();
            }
        } finally {
            back.disconnect();
        }
        connector.lift(settings(), target);
        assertThat(connector.applied(settings(), target)).as("lifting twice is harmless").contains(false);
    }

    @Test
    void appliedMeansAnOutcastInEveryRoomAndLiftLeavesOtherAffiliationsAlone() throws Exception {
        Target target = target("xmpp:eve@" + ProsodyServer.DOMAIN);
        Jid eve = JidCreate.entityBareFrom("eve@" + ProsodyServer.DOMAIN);
        Jid member = JidCreate.entityBareFrom("member@" + ProsodyServer.DOMAIN);
        AbstractXMPPConnection admin = xmpp.login(ProsodyServer.ADMIN, ProsodyServer.ADMIN_PASSWORD);
        try {
            // Someone banned by hand in one room only: not applied, and apply completes it.
            room(admin, ProsodyServer.ROOM).banUser(eve, "by hand");
            assertThat(connector.applied(settings(), target)).contains(false);
            connector.apply(settings(), target);
            assertThat(connector.applied(settings(), target)).contains(true);
            assertThat(room(admin, ProsodyServer.SECOND_ROOM).getOutcasts()).extracting(a -> a.getJid().toString())
                    .contains(eve.toString());

            // Lifting someone who is a member, not an outcast, keeps the membership.
            room(admin, ProsodyServer.ROOM).grantMembership(member);
            connector.lift(settings(), target("xmpp:" + member));
            assertThat(room(admin, ProsodyServer.ROOM).getMembers()).extracting(a -> a.getJid().toString()).contains(member.toString());
        } finally {
            admin.disconnect();
        }
        connector.lift(settings(), target);
        assertThat(connector.applied(settings(), target)).contains(false);
    }

    @Test
    void testSucceedsWithGoodSettingsAndAWrongPasswordIsRefusedWithoutBeingShown() throws Exception {
        connector.test(settings());

        ConnectorSettings wrong = with("password", "not-the-password-42");
        assertThatThrownBy(() -> connector.test(wrong))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("refused the login of " + ProsodyServer.ADMIN).hasMessageContaining("not-authorized")
                .hasMessageNotContaining("not-the-password-42").hasMessageNotContaining(ProsodyServer.ADMIN_PASSWORD);
        assertThatThrownBy(() -> connector.apply(wrong, target("xmpp:" + ProsodyServer.MALLORY)))
                .isInstanceOf(PeerException.class).hasMessageContaining("not-authorized");
    }

    @Test
    void anAccountThatCannotAdministerTheRoomFailsTheTestAndCannotSay() throws Exception {
        Map<String, String> values = new HashMap<>(settings().values());
        values.put("jid", ProsodyServer.MALLORY);
        values.put("password", ProsodyServer.MALLORY_PASSWORD);
        ConnectorSettings notOwner = new ConnectorSettings("space-xmpp", "xmpp", values);
        assertThatThrownBy(() -> connector.test(notOwner))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining(ProsodyServer.ROOM).hasMessageContaining("forbidden");
        assertThat(connector.applied(notOwner, target("xmpp:someone@ombuds.test"))).isEmpty();
        // Prosody answers a member's affiliation change with not-allowed.
        assertThatThrownBy(() -> connector.apply(notOwner, target("xmpp:someone@ombuds.test")))
                .isInstanceOf(PeerException.class).hasMessageContaining("banning in " + ProsodyServer.ROOM).hasMessageContaining("not-allowed");
    }

    @Test
    void aRoomThatDoesNotExistFailsTheTest() {
        ConnectorSettings missing = with("rooms", ProsodyServer.ROOM + ", nowhere@rooms." + ProsodyServer.DOMAIN);
        assertThatThrownBy(() -> connector.test(missing))
                .isInstanceOf(PeerException.class).hasMessageContaining("nowhere@rooms." + ProsodyServer.DOMAIN)
                .hasMessageContaining("item-not-found");
    }

    @Test
    void withoutAllowPlainTheConnectorRequiresTlsAndAllowPlainIsOnlyForThisMachine() {
        ConnectorSettings tlsRequired = with("allowPlain", "false");
        assertThatThrownBy(() -> connector.test(tlsRequired))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("does not offer TLS");

        ConnectorSettings elsewhere = with("host", "xmpp.example.org");
        assertThatThrownBy(() -> connector.test(elsewhere))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("allowPlain is only for a server on this machine");
    }

    @Test
    void anUnreachableServerIsRetryable() throws Exception {
        ConnectorSettings closed = with("port", Integer.toString(Ports.free()));
        assertThatThrownBy(() -> connector.test(closed))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isTrue());
    }

    private static MultiUserChat room(AbstractXMPPConnection connection) throws Exception {
        return room(connection, ProsodyServer.ROOM);
    }

    private static MultiUserChat room(AbstractXMPPConnection connection, String room) throws Exception {
        return MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(JidCreate.entityBareFrom(room));
    }

    private static ConnectorSettings settings() {
        return new ConnectorSettings("space-xmpp", "xmpp", xmpp.connectorSettings());
    }

    private static ConnectorSettings with(String name, String value) {
        Map<String, String> values = new HashMap<>(xmpp.connectorSettings());
        values.put(name, value);
        return new ConnectorSettings("space-xmpp", "xmpp", values);
    }

    private static Target target(String handle) {
        String id = "sanction-" + SANCTIONS.incrementAndGet();
        return new Target(id, "permanent_ban", IdentityHandle.parse(handle), null, "Code of Conduct sanction " + id);
    }
}
