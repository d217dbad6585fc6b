package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.DocumentedApiStub.Call;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.enforcement.internal.DiscourseConnector;
import org.ombuds.sanctions.Decisions;
import tools.jackson.databind.JsonNode;

/**
 * The Discourse connector against a stub of Discourse's documented admin API (docs.discourse.org; discourse/discourse
 * {@code Admin::UsersController}, {@code User::Suspend}): {@code GET /u/{username}.json} (the user's id),
 * {@code GET /admin/users/{id}.json} ({@code suspended_till}), {@code PUT /admin/users/{id}/suspend.json}
 * ({@code suspend_until} and {@code reason} required, reason at most 300 characters; 409 when already suspended),
 * {@code PUT /admin/users/{id}/unsuspend.json}, {@code GET /admin/users/list/active.json}; {@code Api-Key} and
 * {@code Api-Username} headers, 403 {@code invalid_access} when they are wrong, 404 on admin routes for a user who
 * is not staff; rate limits as 429 with {@code Retry-After} and {@code extras.wait_seconds}. Discourse itself cannot
 * run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class DiscourseConnectorAgainstStubOfDocumentedApiTest {
    private static final String KEY = "d1sc0urse-admin-api-key";
    private static final Map<String, Long> USERS = Map.of("ada", 7L, "bob", 8L);
    private final Map<Long, Instant> suspendedTill = new ConcurrentHashMap<>();
    private final Map<Long, String> suspendReason = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final DiscourseConnector connector = new DiscourseConnector(clock);
    private DocumentedApiStub discourse;

    @BeforeEach
    void startStub() throws IOException {
        discourse = DocumentedApiStub.start()
                .guard(call -> {
                    if (!KEY.equals(call.header("Api-Key")) || !List.of("system", "regular").contains(String.valueOf(call.header("Api-Username")))) {
                        return Reply.json(403, Map.of("errors", List.of("You are not permitted to view the requested resource."
                                + " The API username or key is invalid."), "error_type", "invalid_access"));
                    }
                    if (call.rawPath().startsWith("/admin/") && !"system".equals(call.header("Api-Username"))) return notFound();
                    return null;
                })
                .unknown(call -> notFound())
                .on("GET", "/u/{username}.json", (call, values) -> {
                    Long id = USERS.get(values.get(0));
                    return id == null ? notFound() : Reply.json(200, Map.of("user", Map.of("id", id, "username", values.get(0),
                            "trust_level", 1)));
                })
                .on("GET", "/admin/users/list/active.json", (call, values) -> Reply.json(200, USERS.entrySet().stream()
                        .map(user -> Map.of("id", user.getValue(), "username", user.getKey())).toList()))
                .on("GET", "/admin/users/{id}.json", (call, values) -> {
                    String username = username(values.get(0));
                    if (username == null) return notFound();
                    long id = USERS.get(username);
                    Map<String, Object> user = new LinkedHashMap<>();
                    user.put("id", id);
                    user.put("username", username);
                    user.put("suspended_till", suspendedTill.containsKey(id) ? format(suspendedTill.get(id)) : null);
                    user.put("suspend_reason", suspendReason.get(id));
                    return Reply.json(200, user);
                })
                .on("PUT", "/admin/users/{id}/suspend.json", (call, values) -> {
                    String username = username(values.get(0));
                    if (username == null) return notFound();
                    long id = USERS.get(username);
                    JsonNode body = call.json();
                    String reason = body.path("reason").isString() ? body.path("reason").asString() : "";
                    if (reason.isBlank() || reason.length() > 300) return Reply.json(400, Map.of("errors", List.of("Reason is invalid")));
                    Instant until;
                    try {
                        until = OffsetDateTime.parse(body.path("suspend_until").asString("")).toInstant();
                    } catch (DateTimeParseException e) {
                        return Reply.json(400, Map.of("errors", List.of("Suspend until can't be blank")));
                    }
                    if (suspendedTill.containsKey(id) && suspendedTill.get(id).isAfter(Instant.now())) {
                        return Reply.json(409, Map.of("failed", "FAILED", "message", username + " was already suspended by system 1 minute ago."));
                    }
                    suspendedTill.put(id, until);
                    suspendReason.put(id, reason);
                    return Reply.json(200, Map.of("suspension", Map.of("suspend_reason", reason, "full_suspend_reason", reason,
                            "suspended_till", format(until), "suspended_at", format(Instant.now()),
                            "suspended_by", Map.of("id", -1, "username", "system"))));
                })
                .on("PUT", "/admin/users/{id}/unsuspend.json", (call, values) -> {
                    String username = username(values.get(0));
                    if (username == null) return notFound();
                    suspendedTill.remove(USERS.get(username));
                    suspendReason.remove(USERS.get(username));
                    Map<String, Object> suspension = new LinkedHashMap<>();
                    suspension.put("suspended_till", null);
                    suspension.put("suspended_at", null);
                    return Reply.json(200, Map.of("suspension", suspension));
                });
    }

    @AfterEach
    void stopStub() {
        discourse.close();
    }

    @Test
    void aPermanentBanIsASuspensionAThousandYearsLongAndAppliedSaysSo() throws PeerException {
        connector.apply(settings(KEY), target("ada", null));

        Instant till = suspendedTill.get(7L);
        Instant expected = OffsetDateTime.now(ZoneOffset.UTC).plusYears(1000).toInstant();
        assertThat(Duration.between(till, expected).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(suspendReason.get(7L)).isEqualTo("Code of Conduct sanction sanction-1");
        assertThat(connector.applied(settings(KEY), target("ada", null))).contains(true);
        assertThat(connector.applied(settings(KEY), target("bob", null))).contains(false);
        Call suspend = discourse.calls().stream().filter(call -> call.method().equals("PUT")).findFirst().orElseThrow();
        assertThat(suspend.rawPath()).isEqualTo("/admin/users/7/suspend.json");
        assertThat(suspend.header("Content-Type")).isEqualTo("application/json");
        assertThat(discourse.calls()).allSatisfy(call -> {
            assertThat(call.header("Api-Key")).isEqualTo(KEY);
            assertThat(call.header("Api-Username")).isEqualTo("system");
        });
    }

    @Test
    void aTemporaryBanIsASuspensionUntilItsEnd() throws PeerException {
        Instant until = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        connector.apply(settings(KEY), target("ada", until));

        assertThat(suspendedTill.get(7L)).isEqualTo(until);
        assertThat(connector.applied(settings(KEY), target("ada", until))).contains(true);
    }

    @Test
    void applyingTwiceSuspendsOnceThoughDiscourseRefusesASecondSuspension() throws PeerException {
        connector.apply(settings(KEY), target("ada", null));
        connector.apply(settings(KEY), target("ada", null));

        assertThat(discourse.calls()).filteredOn(call -> call.method().equals("PUT")).hasSize(1);
        assertThat(connector.applied(settings(KEY), target("ada", null))).contains(true);
    }

    @Test
    void aShorterSuspensionGivesWayAndALongerOneStays() throws PeerException {
        Instant soon = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        suspendedTill.put(7L, soon);
        Instant later = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        connector.apply(settings(KEY), target("ada", later));
        assertThat(suspendedTill.get(7L)).isEqualTo(later);
        assertThat(discourse.calls()).extracting(Call::rawPath).contains("/admin/users/7/unsuspend.json", "/admin/users/7/suspend.json");

        discourse.forgetCalls();
        connector.apply(settings(KEY), target("ada", soon));
        assertThat(suspendedTill.get(7L)).isEqualTo(later);
        assertThat(discourse.calls()).noneMatch(call -> call.method().equals("PUT"));
    }

    @Test
    void liftUnsuspendsAndAppliedThenSaysNo() throws PeerException {
        connector.apply(settings(KEY), target("ada", null));
        connector.lift(settings(KEY), target("ada", null));

        assertThat(suspendedTill).isEmpty();
        assertThat(connector.applied(settings(KEY), target("ada", null))).contains(false);
    }

    @Test
    void liftingWhatIsNotSuspendedIsFineAndWritesNothing() throws PeerException {
        connector.lift(settings(KEY), target("bob", null));
        connector.lift(settings(KEY), target("nobody", null));

        assertThat(discourse.calls()).noneMatch(call -> call.method().equals("PUT"));
        assertThat(connector.applied(settings(KEY), target("nobody", null))).contains(false);
    }

    @Test
    void aWrongKeyOrAUserWhoIsNotStaffIsRefusedForGood() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("wrong-key"), target("ada", null)),
                () -> connector.lift(settings("wrong-key"), target("ada", null)),
                () -> connector.applied(settings("wrong-key"), target("ada", null)),
                () -> connector.test(settings("wrong-key")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("403", "key is invalid").doesNotContain("ada", "wrong-key");
            });
        }
        ConnectorSettings notStaff = new ConnectorSettings("space-1", "forum", Map.of("url", discourse.url(), "apiKey", KEY, "apiUsername", "regular"));
        assertThatThrownBy(() -> connector.apply(notStaff, target("ada", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("404", "not staff");
                });
        assertThat(suspendedTill).isEmpty();
    }

    @Test
    void anUnknownUserCannotBeSuspended() {
        assertThatThrownBy(() -> connector.apply(settings(KEY), target("nobody", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no user").doesNotContain("nobody");
                });
    }

    @Test
    void aBanAlreadyOverIsNotSentAtAll() throws PeerException {
        connector.apply(settings(KEY), target("ada", Instant.now().minusSeconds(60)));

        assertThat(discourse.calls()).isEmpty();
    }

    @Test
    void unavailableAndRateLimitedAreRetryableAndSayHowLongToWait() {
        discourse.failNext(new Reply(503, "<html><body>Service Unavailable</body></html>", Map.of("Content-Type", "text/html")));
        assertThatThrownBy(() -> connector.apply(settings(KEY), target("ada", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503").doesNotContain("<html>");
                });

        discourse.failNext(Reply.json(429, Map.of("errors", List.of("You’ve performed this action too many times. Please wait 42 seconds"
                        + " before trying again."), "error_type", "rate_limit", "extras", Map.of("wait_seconds", 42)))
                .with("Retry-After", "42"));
        assertThatThrownBy(() -> connector.lift(settings(KEY), target("ada", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "too many times", "42 s");
                });
        assertThat(suspendedTill).isEmpty();
    }

    @Test
    void testConnectionListsTheActiveUsers() throws PeerException {
        connector.test(settings(KEY));

        assertThat(discourse.calls()).extracting(Call::rawPath).containsExactly("/admin/users/list/active.json");
    }

    @Test
    void theConnectorDescribesItself() {
        assertThat(connector.type()).isEqualTo("discourse");
        assertThat(connector.identityKinds()).containsExactly("discourse");
        assertThat(connector.capabilities()).containsExactlyInAnyOrder(Connector.Capability.BAN, Connector.Capability.SUSPEND_UNTIL);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("url", "apiKey", "apiUsername");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("apiKey");
    }

    private static String username(String id) {
        return USERS.entrySet().stream().filter(user -> String.valueOf(user.getValue()).equals(id)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    /** As Rails writes times in JSON: milliseconds and Z. */
    private static String format(Instant instant) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").format(instant.atOffset(ZoneOffset.UTC));
    }

    private static Reply notFound() {
        return Reply.json(404, Map.of("errors", List.of("The requested URL or resource could not be found."), "error_type", "not_found"));
    }

    private ConnectorSettings settings(String key) {
        return new ConnectorSettings("space-1", "forum", Map.of("url", discourse.url() + "/", "apiKey", key, "apiUsername", "system"));
    }

    private static Target target(String username, Instant until) {
        return new Target("sanction-1", until == null ? Decisions.PERMANENT_BAN : Decisions.TEMPORARY_BAN,
                new IdentityHandle("discourse", username), until, "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
