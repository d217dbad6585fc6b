package org.ombuds.enforcement.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * The Mastodon, GitLab and Forgejo connectors hold their stored address to the rule of ConnectorAddressesTest before
 * every call: never the token, nor the person's handle, over plain HTTP to another machine.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class ForgeAndFediverseConnectorAddressesTest {
    // .invalid never resolves (RFC 2606): a connector that tried to call it would fail with "could not be reached".
    private static final String FOREIGN = "http://peer.example.invalid";

    private record Case(Connector connector, Map<String, String> settings, String handle) {
    }

    @Test
    void aStoredPlainHttpAddressOfAnotherMachineIsRefusedBeforeAnyCall() {
        List<Case> cases = List.of(
                new Case(new MastodonConnector(), Map.of("url", FOREIGN, "token", "t", "domain", "example.invalid"),
                        "mastodon:sam@example.invalid"),
                new Case(new GitLabConnector(), Map.of("url", FOREIGN, "token", "glpat-x"), "gitlab:sam"),
                new Case(new ForgejoConnector(), Map.of("url", FOREIGN, "org", "example", "token", "t"), "forgejo:sam"),
                new Case(new ForgejoConnector(), Map.of("url", FOREIGN, "org", "example", "token", "t", "server", "gitea"), "forgejo:sam"));
        for (Case c : cases) {
            var settings = new ConnectorSettings("space-1", "code", c.settings());
            var target = new Target("sanction-1", "permanent-ban", IdentityHandle.parse(c.handle()), null, "Sanction sanction-1");
            for (ThrowingCall call : List.<ThrowingCall>of(() -> c.connector().test(settings), () -> c.connector().apply(settings, target),
                    () -> c.connector().lift(settings, target), () -> c.connector().applied(settings, target))) {
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
