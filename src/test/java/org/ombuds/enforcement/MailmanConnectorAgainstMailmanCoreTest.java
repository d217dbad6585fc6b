package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.internal.MailmanConnector;
import org.ombuds.support.Ports;
import org.ombuds.support.MailmanCore;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Mailman connector against a real Mailman 3 core (Debian's mailman3, started headless for this class): bans on a
 * list and on the whole server, the unsubscription that goes with them, idempotence, reading our own ban entry (not a
 * pattern's), and the errors an admin sees. Skipped outside CI on a machine without mailman.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
@ExtendWith(MailmanCore.class)
@ExtendWith(OutputCaptureExtension.class)
class MailmanConnectorAgainstMailmanCoreTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEV = "dev.lists.example.org";
    private static final String ANNOUNCE = "announce.lists.example.org";
    private static MailmanCore mailman;
    private final MailmanConnector connector = new MailmanConnector();

    @BeforeAll
    static void startMailman() throws IOException {
        mailman = MailmanCore.start();
        mailman.ok("POST", "/domains", "mail_host", "lists.example.org");
        mailman.ok("POST", "/lists", "fqdn_listname", "dev@lists.example.org");
        mailman.ok("POST", "/lists", "fqdn_listname", "announce@lists.example.org");
    }

    @AfterAll
    static void stopMailman() {
        if (mailman != null) mailman.close();
    }

    @Test
    void aListBanBansAndUnsubscribesIsIdempotentAndIsLifted(CapturedOutput output) throws Exception {
        String ada = "ada.list@example.org";
        subscribe(ada, DEV);
        subscribe(ada, ANNOUNCE);
        ConnectorSettings settings = settings(DEV);
        Target target = target("email", ada);

        assertThat(connector.applied(settings, target)).contains(false);
        connector.apply(settings, target);

        assertThat(bans("/lists/" + DEV + "/bans")).contains(ada);
        assertThat(bans("/bans")).doesNotContain(ada);
        assertThat(memberships(ada)).containsOnlyKeys(ANNOUNCE);
        assertThat(connector.applied(settings, target)).contains(true);
        // Subscribing again is refused while the ban stands.
        assertThat(mailman.call("POST", "/members", "list_id", DEV, "subscriber", ada, "pre_verified", "true", "pre_confirmed", "true",
                "pre_approved", "true").status()).isEqualTo(400);

        connector.apply(settings, target);
        assertThat(bans("/lists/" + DEV + "/bans")).containsOnlyOnce(ada);
        assertThat(connector.applied(settings, target)).contains(true);

        connector.lift(settings, target);
        assertThat(bans("/lists/" + DEV + "/bans")).doesNotContain(ada);
        assertThat(connector.applied(settings, target)).contains(false);
        assertThat(memberships(ada)).as("lifting subscribes nobody again").containsOnlyKeys(ANNOUNCE);
        connector.lift(settings, target);
        assertThat(connector.applied(settings, target)).contains(false);

        assertThat(output.getAll()).doesNotContain(ada);
    }

    @Test
    void aGlobalBanCoversTheServerAndUnsubscribesFromEveryList(CapturedOutput output) throws Exception {
        String bob = "bob.global@example.org";
        subscribe(bob, DEV);
        subscribe(bob, ANNOUNCE);
        ConnectorSettings global = settings(null);
        Target target = target("mailman", bob);

        connector.apply(global, target);
        assertThat(bans("/bans")).contains(bob);
        assertThat(bans("/lists/" + DEV + "/bans")).doesNotContain(bob);
        assertThat(memberships(bob)).isEmpty();
        assertThat(connector.applied(global, target)).contains(true);
        // A list's connector does not count the server's ban as its own (GET /lists/{id}/bans/{email} says 200): it cannot tell.
        assertThat(mailman.call("GET", "/lists/" + DEV + "/bans/" + bob).status()).isEqualTo(200);
        assertThat(connector.applied(settings(DEV), target)).isEmpty();
        // Mailman refuses a list entry while the global one covers the address; applying still succeeds.
        connector.apply(settings(DEV), target);
        assertThat(bans("/lists/" + DEV + "/bans")).doesNotContain(bob);

        connector.apply(global, target);
        assertThat(bans("/bans")).containsOnlyOnce(bob);

        connector.lift(global, target);
        assertThat(bans("/bans")).doesNotContain(bob);
        assertThat(connector.applied(global, target)).contains(false);
        assertThat(memberships(bob)).isEmpty();
        connector.lift(global, target);

        assertThat(output.getAll()).doesNotContain(bob);
    }

    @Test
    void aPatternBanIsNotOurEntryAndAHandleNeverBecomesAPattern() throws Exception {
        String pattern = "^.*@spam\\.test$";
        mailman.ok("POST", "/bans", "email", pattern);
        try {
            Target eve = target("email", "eve@spam.test");
            // Mailman says the address is banned (the pattern matches), but no entry of ours exists: the connector cannot tell.
            assertThat(mailman.call("GET", "/bans/eve@spam.test").status()).isEqualTo(200);
            assertThat(connector.applied(settings(null), eve)).isEmpty();
            // Applying succeeds (Mailman answers "already banned" and adds nothing); lifting leaves the pattern alone.
            connector.apply(settings(null), eve);
            assertThat(bans("/bans")).containsExactly(pattern);
            connector.lift(settings(null), eve);
            assertThat(bans("/bans")).containsExactly(pattern);
        } finally {
            mailman.ok("DELETE", "/bans/" + java.net.URLEncoder.encode(pattern, java.nio.charset.StandardCharsets.UTF_8));
        }
        // Once the pattern is gone, the address is simply not banned, and applying adds our own entry.
        Target eve = target("email", "eve@spam.test");
        assertThat(connector.applied(settings(null), eve)).contains(false);
        connector.apply(settings(null), eve);
        assertThat(bans("/bans")).containsExactly("eve@spam.test");
        assertThat(connector.applied(settings(null), eve)).contains(true);
        connector.lift(settings(null), eve);
        // A handle that Mailman would read as a regular expression is refused before Mailman sees it.
        Target sneaky = target("email", "^.*@example\\.org$");
        assertThatThrownBy(() -> connector.apply(settings(null), sneaky)).isInstanceOfSatisfying(PeerException.class,
                e -> assertThat(e.retryable()).isFalse());
        assertThat(bans("/bans")).isEmpty();
    }

    @Test
    void anAddressWithAPlusSurvivesTheUrls() throws Exception {
        String carol = "carol+lists@example.org";
        subscribe(carol, DEV);
        Target target = target("email", carol);
        connector.apply(settings(DEV), target);
        assertThat(bans("/lists/" + DEV + "/bans")).contains(carol);
        assertThat(memberships(carol)).isEmpty();
        assertThat(connector.applied(settings(DEV), target)).contains(true);
        connector.lift(settings(DEV), target);
        assertThat(bans("/lists/" + DEV + "/bans")).doesNotContain(carol);
        assertThat(connector.applied(settings(DEV), target)).contains(false);
    }

    @Test
    void testPassesWithGoodSettingsAndExplainsBadOnes() throws Exception {
        connector.test(settings(null));
        connector.test(settings(DEV));

        Map<String, String> wrong = new LinkedHashMap<>(settings(DEV).values());
        wrong.put("password", "not-the-password");
        ConnectorSettings refused = new ConnectorSettings("space-1", "lists", wrong);
        Target target = target("email", "dan@example.org");
        for (ThrowingCall call : List.<ThrowingCall>of(() -> connector.test(refused), () -> connector.apply(refused, target),
                () -> connector.lift(refused, target), () -> connector.applied(refused, target))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("credentials").contains("401").doesNotContain("dan@example.org");
            });
        }

        ConnectorSettings noList = settings("nope.lists.example.org");
        assertThatThrownBy(() -> connector.test(noList)).isInstanceOfSatisfying(PeerException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("no list 'nope.lists.example.org'");
        });
        for (ThrowingCall call : List.<ThrowingCall>of(() -> connector.apply(noList, target), () -> connector.lift(noList, target),
                () -> connector.applied(noList, target))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("no list").doesNotContain("dan@example.org");
            });
        }

        int closed = Ports.free();
        ConnectorSettings unreachable = new ConnectorSettings("space-1", "lists",
                Map.of("url", "http://127.0.0.1:" + closed + "/3.1", "user", MailmanCore.USER, "password", MailmanCore.PASSWORD));
        assertThatThrownBy(() -> connector.apply(unreachable, target)).isInstanceOfSatisfying(PeerException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("could not be reached");
        });

        assertThatThrownBy(() -> connector.test(new ConnectorSettings("space-1", "lists", Map.of("url", mailman.url(), "user", MailmanCore.USER))))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.getMessage()).contains("password"));
    }

    @Test
    void describesItself() {
        assertThat(connector.type()).isEqualTo("mailman");
        assertThat(connector.identityKinds()).containsExactlyInAnyOrder("email", "mailman");
        assertThat(connector.capabilities()).containsExactlyInAnyOrder(Connector.Capability.BAN, Connector.Capability.REMOVE_FROM_LIST);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("url", "user", "password", "list");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("password");
        assertThat(mailman.version()).startsWith("GNU Mailman 3.");
    }

    // ---- helpers ----

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static ConnectorSettings settings(String list) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("url", mailman.url() + "/");
        values.put("user", MailmanCore.USER);
        values.put("password", MailmanCore.PASSWORD);
        if (list != null) values.put("list", list);
        return new ConnectorSettings("space-1", "lists", values);
    }

    private static Target target(String kind, String address) {
        return new Target("sanction-1", "permanent-ban", new IdentityHandle(kind, address), null, "Code of Conduct sanction sanction-1");
    }

    private static void subscribe(String address, String listId) throws IOException {
        mailman.ok("POST", "/members", "list_id", listId, "subscriber", address, "pre_verified", "true", "pre_confirmed", "true",
                "pre_approved", "true", "send_welcome_message", "false");
    }

    /** The address's memberships as list id → role. */
    private static Map<String, String> memberships(String address) throws IOException {
        JsonNode found = JSON.readTree(mailman.ok("POST", "/members/find", "subscriber", address).body());
        Map<String, String> lists = new LinkedHashMap<>();
        for (JsonNode entry : found.path("entries").values()) lists.put(entry.path("list_id").asString(), entry.path("role").asString());
        return lists;
    }

    /** The exact entries of a bans collection. */
    private static List<String> bans(String path) throws IOException {
        JsonNode page = JSON.readTree(mailman.ok("GET", path + "?count=1000&page=1").body());
        List<String> emails = new ArrayList<>();
        for (JsonNode entry : page.path("entries").values()) emails.add(entry.path("email").asString());
        return emails;
    }
}
