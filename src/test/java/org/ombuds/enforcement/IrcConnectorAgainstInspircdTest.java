package org.ombuds.enforcement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.internal.IrcConnector;
import org.ombuds.support.Ports;
import org.ombuds.support.InspircdServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The IRC connector against a real InspIRCd 3 (Debian's {@code inspircd}) on 127.0.0.1, started by {@link InspircdServer}
 * with the project's config ({@code irc/inspircd.conf}) on a free port. Everyone, the connector included, connects from
 * 127.0.0.1, so the K-lines here name an ident ({@code hostmask} {@code {user}@{host}}): {@code irc:mallory@127.0.0.1}
 * becomes the K-line {@code mallory@127.0.0.1}, which keeps out the test's plain client with ident mallory and not the
 * connector (ident ombuds). Outside CI a machine without inspircd skips this class; in CI (which installs it) its absence
 * fails.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
@ExtendWith(InspircdServer.class)
class IrcConnectorAgainstInspircdTest {
    private static final AtomicInteger SANCTIONS = new AtomicInteger();
    private static InspircdServer irc;
    private final IrcConnector connector = new IrcConnector(Clock.systemUTC());

    @BeforeAll
    static void startInspircd() {
        irc = InspircdServer.start();
    }

    @AfterAll
    static void stopInspircd() {
        if (irc != null) irc.close();
    }

    @Test
    void aKLineKeepsThePersonOutUntilItIsLifted() throws Exception {
        Target target = target("irc:mallory@127.0.0.1", Instant.now().plus(Duration.ofHours(1)));
        try (InspircdServer.Client online = irc.connect("mallory", "mallory")) {
            assertThat(online.register()).as("mallory can join before the ban").isTrue();

            connector.apply(settings(), target);

            assertThat(String.join("\n", online.readToEnd())).as("a connected mallory is put out").contains("K-lined");
        }
        try (InspircdServer.Client again = irc.connect("mallory", "mallory")) {
            assertThat(again.register()).as("mallory cannot come back").isFalse();
            assertThat(String.join("\n", again.lines())).containsAnyOf(" 465 ", "K-lined");
        }
        try (InspircdServer.Client other = irc.connect("alice", "alice")) {
            assertThat(other.register()).as("another ident from the same host still can").isTrue();
        }
        assertThat(connector.applied(settings(), target)).contains(true);

        connector.apply(settings(), target);
        assertThat(connector.applied(settings(), target)).as("applying twice is harmless").contains(true);

        connector.lift(settings(), target);
        assertThat(connector.applied(settings(), target)).contains(false);
        try (InspircdServer.Client back = irc.connect("mallory", "mallory")) {
            assertThat(back.register()).as("mallory can join again once lifted").isTrue();
        }
        connector.lift(settings(), target);
        assertThat(connector.applied(settings(), target)).as("lifting twice is harmless").contains(false);
    }

    @Test
    void aBareNickIsBannedByTheIdentAndHostTheServerReportsAndLiftedBySanction() throws Exception {
        Target target = target("irc:trudy", null);
        try (InspircdServer.Client online = irc.connect("trudy", "tru")) {
            assertThat(online.register()).isTrue();

            connector.apply(settings(), target);

            assertThat(String.join("\n", online.readToEnd())).contains("K-lined");
        }
        try (InspircdServer.Client renamed = irc.connect("trudy2", "tru")) {
            assertThat(renamed.register()).as("the K-line is on tru@127.0.0.1, whatever the nick").isFalse();
        }
        assertThat(connector.applied(settings(), target)).contains(true);

        connector.lift(settings(), target);

        assertThat(connector.applied(settings(), target)).contains(false);
        try (InspircdServer.Client back = irc.connect("trudy", "tru")) {
            assertThat(back.register()).isTrue();
        }
    }

    @Test
    void aBareNickThatIsNotOnlineCannotBeBannedForWantOfAHost() {
        assertThatThrownBy(() -> connector.apply(settings(), target("irc:nobody", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("is not online").hasMessageContaining("irc:nobody@host");
    }

    @Test
    void aTemporaryKLineEndsByItself() throws Exception {
        // InspIRCd's own clock ends the K-line, so real time must pass; the margin keeps a busy machine from
        // seeing it end before the first look, and the end is awaited rather than slept for.
        Instant until = Instant.now().plusSeconds(10);
        Target target = target("irc:eve@127.0.0.1", until);
        connector.apply(settings(), target);
        assertThat(connector.applied(settings(), target)).contains(true);
        try (InspircdServer.Client banned = irc.connect("eve", "eve")) {
            assertThat(banned.register()).isFalse();
        }

        await("InspIRCd lets the K-line expire").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> connector.applied(settings(), target).equals(java.util.Optional.of(false)));
        assertThat(Instant.now()).as("not before its end").isAfterOrEqualTo(until.minusSeconds(2));
        try (InspircdServer.Client back = irc.connect("eve", "eve")) {
            assertThat(back.register()).isTrue();
        }
    }

    @Test
    void anOperTypeWithKlineOnlyStillBansAndLiftsButCannotTellWhetherApplied() throws Exception {
        Map<String, String> values = new HashMap<>(settings().values());
        values.put("operName", "bouncer");
        values.put("operPassword", "s3cret-bouncer");
        ConnectorSettings bouncer = new ConnectorSettings("space-irc", "irc", values);
        Target target = target("irc:victor@127.0.0.1", null);

        connector.apply(bouncer, target);

        try (InspircdServer.Client banned = irc.connect("victor", "victor")) {
            assertThat(banned.register()).isFalse();
        }
        assertThat(connector.applied(bouncer, target)).as("STATS k needs servers/auspex").isEmpty();
        assertThat(connector.applied(settings(), target)).contains(true);
        connector.lift(bouncer, target);
        assertThat(connector.applied(settings(), target)).contains(false);
    }

    @Test
    void theServersRefusalIsThePeerException() {
        Map<String, String> values = new HashMap<>(settings().values());
        values.remove("hostmask");
        ConnectorSettings wholeHost = new ConnectorSettings("space-irc", "irc", values);
        // The default mask *@{host} makes *@127.0.0.1, which would cover everyone connected, Ombuds included.
        assertThatThrownBy(() -> connector.apply(wholeHost, target("irc:zed@127.0.0.1", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("*@127.0.0.1").hasMessageContaining("covers");
    }

    @Test
    void aSanctionThatHasEndedSetsNothing() throws Exception {
        Target target = target("irc:oscar@127.0.0.1", Instant.now().minusSeconds(5));
        connector.apply(settings(), target);
        assertThat(connector.applied(settings(), target)).contains(false);
    }

    @Test
    void testSucceedsWithGoodSettingsAndAWrongOperPasswordIsRefused() throws Exception {
        connector.test(settings());

        Map<String, String> wrong = new HashMap<>(settings().values());
        wrong.put("operPassword", "not-the-password");
        ConnectorSettings wrongSettings = new ConnectorSettings("space-irc", "irc", wrong);
        assertThatThrownBy(() -> connector.test(wrongSettings))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("OPER").hasMessageContaining("491");
        assertThatThrownBy(() -> connector.apply(wrongSettings, target("irc:mallory@127.0.0.1", null)))
                .isInstanceOf(PeerException.class).hasMessageContaining("491");
    }

    @Test
    void anUnreachableServerIsRetryable() throws Exception {
        int closed = Ports.free();
        Map<String, String> values = new HashMap<>(settings().values());
        values.put("port", Integer.toString(closed));
        assertThatThrownBy(() -> connector.test(new ConnectorSettings("space-irc", "irc", values)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.retryable()).isTrue());
    }

    private static ConnectorSettings settings() {
        return new ConnectorSettings("space-irc", "irc", irc.connectorSettings());
    }

    private static Target target(String handle, Instant until) {
        String id = "sanction-" + SANCTIONS.incrementAndGet();
        return new Target(id, until == null ? "permanent_ban" : "temporary_ban", IdentityHandle.parse(handle), until,
                "Code of Conduct sanction " + id);
    }
}
