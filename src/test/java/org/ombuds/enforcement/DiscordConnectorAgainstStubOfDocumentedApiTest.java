package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.DocumentedApiStub.Call;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.enforcement.internal.DiscordConnector;
import org.ombuds.sanctions.Decisions;
import tools.jackson.databind.JsonNode;

/**
 * The Discord connector against a stub of Discord's documented guild API (discord/discord-api-docs,
 * {@code developers/resources/guild.mdx}, {@code developers/topics/rate-limits.mdx}):
 * {@code PUT/GET/DELETE /guilds/{guild}/bans/{user}} (204, a ban object, 404 Unknown Ban 10026),
 * {@code GET/PATCH /guilds/{guild}/members/{user}} with {@code communication_disabled_until} (at most 28 days ahead;
 * 404 Unknown Member 10007; 403 Missing Permissions 50013 for the owner), {@code GET /guilds/{guild}};
 * {@code Authorization: Bot <token>} (401 otherwise), {@code X-Audit-Log-Reason} URL-encoded; rate limits as 429 with
 * {@code retry_after} and {@code Retry-After}. A ban removes the member from the server. Discord itself cannot run here.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class DiscordConnectorAgainstStubOfDocumentedApiTest {
    private static final String TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.bot.token";
    private static final String GUILD = "1100000000000000001";
    private static final String ADA = "200000000000000001";
    private static final String BOB = "200000000000000002";
    private static final String STRANGER = "200000000000000003";
    private static final String OWNER = "200000000000000009";
    private static final Set<String> USERS = Set.of(ADA, BOB, STRANGER, OWNER);
    private final Map<String, Optional<Instant>> members = new ConcurrentHashMap<>();
    private final Map<String, String> bans = new ConcurrentHashMap<>();
    private final List<String> auditReasons = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final DiscordConnector connector = new DiscordConnector(Clock.systemUTC());
    private DocumentedApiStub discord;

    @BeforeEach
    void startStub() throws IOException {
        members.put(ADA, Optional.empty());
        members.put(BOB, Optional.empty());
        members.put(OWNER, Optional.empty());
        discord = DocumentedApiStub.start()
                .guard(call -> ("Bot " + TOKEN).equals(call.header("Authorization")) ? null
                        : Reply.json(401, Map.of("message", "401: Unauthorized", "code", 0)))
                .unknown(call -> Reply.json(404, Map.of("message", "404: Not Found", "code", 0)))
                .on("GET", "/guilds/{guild}", (call, values) -> !values.get(0).equals(GUILD) ? unknownGuild()
                        : Reply.json(200, Map.of("id", GUILD, "name", "Ombuds test server", "owner_id", OWNER)))
                .on("GET", "/guilds/{guild}/bans/{user}", (call, values) -> {
                    if (!values.get(0).equals(GUILD)) return unknownGuild();
                    String reason = bans.get(values.get(1));
                    return reason == null ? error(404, "Unknown Ban", 10026)
                            : Reply.json(200, Map.of("reason", reason, "user", Map.of("id", values.get(1), "username", "someone")));
                })
                .on("PUT", "/guilds/{guild}/bans/{user}", (call, values) -> {
                    if (!values.get(0).equals(GUILD)) return unknownGuild();
                    if (!USERS.contains(values.get(1))) return error(404, "Unknown User", 10013);
                    if (values.get(1).equals(OWNER)) return error(403, "Missing Permissions", 50013);
                    JsonNode seconds = call.json().path("delete_message_seconds");
                    if (!seconds.isMissingNode() && (!seconds.isNumber() || seconds.asLong() < 0 || seconds.asLong() > 604800)) {
                        return error(400, "Invalid Form Body", 50035);
                    }
                    bans.put(values.get(1), auditReason(call));
                    members.remove(values.get(1)); // a ban removes the member from the server
                    return Reply.empty(204);
                })
                .on("DELETE", "/guilds/{guild}/bans/{user}", (call, values) -> {
                    if (!values.get(0).equals(GUILD)) return unknownGuild();
                    auditReason(call);
                    return bans.remove(values.get(1)) != null ? Reply.empty(204) : error(404, "Unknown Ban", 10026);
                })
                .on("GET", "/guilds/{guild}/members/{user}", (call, values) -> {
                    if (!values.get(0).equals(GUILD)) return unknownGuild();
                    Optional<Instant> timeout = members.get(values.get(1));
                    return timeout == null ? error(404, "Unknown Member", 10007) : Reply.json(200, member(values.get(1), timeout));
                })
                .on("PATCH", "/guilds/{guild}/members/{user}", (call, values) -> {
                    if (!values.get(0).equals(GUILD)) return unknownGuild();
                    if (!members.containsKey(values.get(1))) return error(404, "Unknown Member", 10007);
                    if (values.get(1).equals(OWNER)) return error(403, "Missing Permissions", 50013);
                    JsonNode until = call.json().path("communication_disabled_until");
                    if (until.isNull()) {
                        members.put(values.get(1), Optional.empty());
                    } else if (until.isString()) {
                        Instant when;
                        try {
                            when = OffsetDateTime.parse(until.asString()).toInstant();
                        } catch (DateTimeParseException e) {
                            return error(400, "Invalid Form Body", 50035);
                        }
                        if (when.isAfter(Instant.now().plus(Duration.ofDays(28)))) return error(400, "Invalid Form Body", 50035);
                        members.put(values.get(1), Optional.of(when));
                    }
                    auditReason(call);
                    return Reply.json(200, member(values.get(1), members.get(values.get(1))));
                });
    }

    @AfterEach
    void stopStub() {
        discord.close();
    }

    @Test
    void aTemporaryBanOfAtMost28DaysIsATimeoutWithTheAuditReason() throws PeerException {
        Instant until = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        connector.apply(settings(TOKEN), target(ADA, until));

        assertThat(members.get(ADA)).contains(until);
        assertThat(bans).isEmpty();
        assertThat(connector.applied(settings(TOKEN), target(ADA, until))).contains(true);
        assertThat(connector.applied(settings(TOKEN), target(BOB, until))).contains(false);
        Call patch = discord.calls().get(0);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.rawPath()).isEqualTo("/guilds/" + GUILD + "/members/" + ADA);
        assertThat(patch.header("X-Audit-Log-Reason")).isEqualTo("Code%20of%20Conduct%20sanction%20sanction-1");
        assertThat(auditReasons).containsExactly("Code of Conduct sanction sanction-1");
        assertThat(discord.calls()).allSatisfy(call -> {
            assertThat(call.header("Authorization")).isEqualTo("Bot " + TOKEN);
            assertThat(call.header("User-Agent")).startsWith("DiscordBot (");
        });
    }

    @Test
    void aPermanentOrLongerBanIsABan() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA, null));
        connector.apply(settings(TOKEN), target(BOB, Instant.now().plus(60, ChronoUnit.DAYS)));

        assertThat(bans).containsOnlyKeys(ADA, BOB).containsValue("Code of Conduct sanction sanction-1");
        assertThat(members).doesNotContainKeys(ADA, BOB);
        assertThat(connector.applied(settings(TOKEN), target(ADA, null))).contains(true);
        assertThat(discord.calls()).filteredOn(call -> call.method().equals("PUT")).allSatisfy(call ->
                assertThat(call.json().path("delete_message_seconds").asLong()).isZero());
    }

    @Test
    void someoneNotInTheServerCannotBeTimedOutSoIsBanned() throws PeerException {
        connector.apply(settings(TOKEN), target(STRANGER, Instant.now().plus(3, ChronoUnit.DAYS)));

        assertThat(bans).containsOnlyKeys(STRANGER);
        assertThat(connector.applied(settings(TOKEN), target(STRANGER, null))).contains(true);
    }

    @Test
    void applyingTwiceIsFine() throws PeerException {
        Instant until = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        connector.apply(settings(TOKEN), target(ADA, until));
        connector.apply(settings(TOKEN), target(ADA, until));
        connector.apply(settings(TOKEN), target(BOB, null));
        connector.apply(settings(TOKEN), target(BOB, null));

        assertThat(members.get(ADA)).contains(until);
        assertThat(bans).containsOnlyKeys(BOB);
    }

    @Test
    void liftEndsBanAndTimeoutAndAppliedThenSaysNo() throws PeerException {
        connector.apply(settings(TOKEN), target(ADA, Instant.now().plus(7, ChronoUnit.DAYS)));
        connector.apply(settings(TOKEN), target(BOB, null));
        connector.lift(settings(TOKEN), target(ADA, null));
        connector.lift(settings(TOKEN), target(BOB, null));

        assertThat(members.get(ADA)).isEmpty();
        assertThat(bans).isEmpty();
        assertThat(connector.applied(settings(TOKEN), target(ADA, null))).contains(false);
        assertThat(connector.applied(settings(TOKEN), target(BOB, null))).contains(false);
        assertThat(auditReasons).contains("Code of Conduct sanction sanction-1 ended");
    }

    @Test
    void liftingWhatIsNotAppliedIsFineAndChangesNothing() throws PeerException {
        connector.lift(settings(TOKEN), target(ADA, null));
        connector.lift(settings(TOKEN), target(STRANGER, null));

        assertThat(discord.calls()).noneMatch(call -> call.method().equals("PATCH"));
        assertThat(members).containsOnlyKeys(ADA, BOB, OWNER);
    }

    @Test
    void aUsernameHandleNeedsTheNumericId() throws PeerException {
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target("ada_lovelace", null)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("needs the numeric user id").doesNotContain("ada_lovelace");
                });
        assertThat(connector.applied(settings(TOKEN), target("ada_lovelace", null))).isEmpty();
        assertThat(discord.calls()).isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedForGood() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> connector.apply(settings("wrong"), target(ADA, null)),
                () -> connector.lift(settings("wrong"), target(ADA, null)),
                () -> connector.applied(settings("wrong"), target(ADA, null)),
                () -> connector.test(settings("wrong")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("401", "Unauthorized").doesNotContain(ADA);
            });
        }
        assertThat(bans).isEmpty();
    }

    @Test
    void theOwnerCannotBeTimedOutAndTheRefusalSaysWhy() {
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target(OWNER, Instant.now().plus(1, ChronoUnit.DAYS))))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403", "Missing Permissions (code 50013)", "owner");
                });
    }

    @Test
    void unavailableAndRateLimitedAreRetryableAndSayHowLongToWait() {
        discord.failNext(new Reply(502, "upstream connect error", Map.of("Content-Type", "text/plain")));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target(ADA, null)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("502", "upstream connect error");
                });

        discord.failNext(Reply.json(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": 64.57, \"global\": false}")
                .with("X-RateLimit-Remaining", "0").with("X-RateLimit-Reset-After", "64.57"));
        assertThatThrownBy(() -> connector.apply(settings(TOKEN), target(ADA, null)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429", "rate limited", "65 s");
                });

        discord.failNext(Reply.json(503, Map.of("message", "Service Unavailable", "code", 0)).with("Retry-After", "5"));
        assertThatThrownBy(() -> connector.lift(settings(TOKEN), target(ADA, null)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503", "5 s");
                });
        assertThat(bans).isEmpty();
    }

    @Test
    void testConnectionReadsTheServer() throws PeerException {
        connector.test(settings(TOKEN));
        assertThat(discord.calls()).extracting(Call::rawPath).containsExactly("/guilds/" + GUILD);

        Map<String, String> otherGuild = new LinkedHashMap<>(settings(TOKEN).values());
        otherGuild.put("guildId", "1100000000000000999");
        assertThatThrownBy(() -> connector.test(new ConnectorSettings("space-1", "chat", otherGuild)))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("404", "Unknown Guild", "not in a server");
                });
    }

    @Test
    void theConnectorDescribesItself() {
        assertThat(connector.type()).isEqualTo("discord");
        assertThat(connector.identityKinds()).containsExactly("discord");
        assertThat(connector.capabilities()).containsExactlyInAnyOrder(Connector.Capability.BAN, Connector.Capability.SUSPEND_UNTIL);
        assertThat(connector.settings()).extracting(Connector.Setting::name).containsExactly("guildId", "botToken", "apiUrl");
        assertThat(connector.settings()).filteredOn(Connector.Setting::secret).extracting(Connector.Setting::name).containsExactly("botToken");
    }

    private String auditReason(Call call) {
        String raw = call.header("X-Audit-Log-Reason");
        String reason = raw == null ? "" : URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (raw != null) auditReasons.add(reason);
        return reason;
    }

    private static Map<String, Object> member(String user, Optional<Instant> timeout) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("user", Map.of("id", user, "username", "someone"));
        member.put("roles", List.of());
        member.put("joined_at", "2024-01-01T00:00:00.000000+00:00");
        member.put("communication_disabled_until", timeout.map(Instant::toString).orElse(null));
        return member;
    }

    private static Reply error(int status, String message, int code) {
        return Reply.json(status, Map.of("message", message, "code", code));
    }

    private static Reply unknownGuild() {
        return error(404, "Unknown Guild", 10004);
    }

    private ConnectorSettings settings(String token) {
        return new ConnectorSettings("space-1", "chat", Map.of("guildId", GUILD, "botToken", token, "apiUrl", discord.url()));
    }

    private static Target target(String user, Instant until) {
        return new Target("sanction-1", until == null ? Decisions.PERMANENT_BAN : Decisions.TEMPORARY_BAN,
                new IdentityHandle("discord", user), until, "Code of Conduct sanction sanction-1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws PeerException;
    }
}
