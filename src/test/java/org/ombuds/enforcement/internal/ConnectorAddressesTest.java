package org.ombuds.enforcement.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;

/**
 * Settings stored before addresses were checked (or written to the table by hand) are checked again before every call:
 * a connector never sends its credentials, or the sanctioned person's handle, over plain HTTP to another machine.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class ConnectorAddressesTest {
    private static final Clock CLOCK = Clock.systemUTC();
    // .invalid never resolves (RFC 2606): a connector that tried to call it would fail with "could not be reached".
    private static final String FOREIGN = "http://peer.example.invalid";

    private record Case(Connector connector, Map<String, String> settings, String handle) {
    }

    @Test
    void aStoredPlainHttpAddressOfAnotherMachineIsRefusedBeforeAnyCall() {
        List<Case> cases = List.of(
                new Case(new WebhookConnector(CLOCK), Map.of("url", FOREIGN + "/hook", "secret", "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"),
                        "email:sam@example.org"),
                new Case(new GitHubConnector(), Map.of("org", "example", "token", "ghp_x", "apiUrl", FOREIGN), "github:octocat"),
                new Case(new DiscourseConnector(CLOCK), Map.of("url", FOREIGN, "apiKey", "k", "apiUsername", "system"), "discourse:sam"),
                new Case(new DiscordConnector(CLOCK), Map.of("guildId", "123456789012345678", "botToken", "t", "apiUrl", FOREIGN),
                        "discord:123456789012345679"),
                new Case(new MatrixConnector(), Map.of("homeserver", FOREIGN, "accessToken", "t", "policyRoom", "!policy:example.org"),
                        "matrix:@sam:example.org"),
                new Case(new MailmanConnector(), Map.of("url", FOREIGN + "/3.1", "user", "restadmin", "password", "p"),
                        "email:sam@example.org"),
                new Case(new MastodonConnector(), Map.of("url", FOREIGN, "token", "t"), "mastodon:sam@peer.example.invalid"),
                new Case(new GitLabConnector(), Map.of("url", FOREIGN, "token", "t"), "gitlab:sam"),
                new Case(new ForgejoConnector(), Map.of("url", FOREIGN, "org", "example", "token", "t"), "forgejo:sam"),
                new Case(new ZulipConnector(), Map.of("url", FOREIGN, "email", "bot@chat.example.org", "apiKey", "k"), "zulip:sam@example.org"),
                new Case(new MattermostConnector(), Map.of("url", FOREIGN, "token", "t"), "mattermost:sam"),
                new Case(new SlackConnector(), Map.of("scimUrl", FOREIGN + "/scim/v2", "token", "t"), "slack:u0sam12345"));
        for (Case c : cases) {
            var settings = new ConnectorSettings("space-1", "chat", c.settings());
            var target = new Target("sanction-1", "permanent-ban", IdentityHandle.parse(c.handle()), null, "Sanction sanction-1");
            for (ThrowingCall call : List.<ThrowingCall>of(() -> c.connector().test(settings), () -> c.connector().apply(settings, target),
                    () -> c.connector().lift(settings, target))) {
                assertThatThrownBy(call::run).as(c.connector().type()).isInstanceOf(PeerException.class)
                        .hasMessageContaining("https://").hasMessageNotContaining("could not be reached")
                        .satisfies(e -> assertThat(((PeerException) e).retryable()).isFalse());
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
