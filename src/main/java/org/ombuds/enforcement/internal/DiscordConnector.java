package org.ombuds.enforcement.internal;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;

/**
 * Keeps a person out of a Discord server (guild) through the bot API (discord-api-docs, resources/guild): a temporary
 * ban that ends within 28 days is a timeout, {@code PATCH /guilds/{guild}/members/{user}} with
 * {@code communication_disabled_until} (Discord ends it by itself); a longer or permanent one is a ban,
 * {@code PUT /guilds/{guild}/bans/{user}}, which has no end, so Ombuds lifts it. A person who is not in the server
 * cannot be timed out, so they are banned instead. Lifting removes both: {@code DELETE} the ban (404 Unknown Ban is
 * fine) and the timeout ({@code communication_disabled_until: null}). Every change carries
 * {@code X-Audit-Log-Reason}. Discord acts on user ids (snowflakes) only: a username handle cannot be enforced.
 */
@Component
public class DiscordConnector implements Connector {
    static final String DEFAULT_API = "https://discord.com/api/v10";
    static final Duration LONGEST_TIMEOUT = Duration.ofDays(28);
    static final int UNKNOWN_GUILD = 10004;
    static final int UNKNOWN_MEMBER = 10007;
    static final int UNKNOWN_BAN = 10026;
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{17,20}");
    private static final int LONGEST_AUDIT_REASON = 512;
    private final PeerHttp http = new PeerHttp("Discord");
    private final Clock clock;

    public DiscordConnector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "discord";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("discord");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN, Capability.SUSPEND_UNTIL);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                new Setting("guildId", "the server's id (with Developer Mode on: right-click the server, Copy Server ID)", false, true),
                new Setting("botToken", "the token of a bot in the server with the Ban Members and Timeout Members permissions, its role"
                        + " above the roles of the people it acts on", true, true),
                Setting.address("apiUrl", "the API's address; default " + DEFAULT_API, false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        String user = userId(target);
        List<String> scrub = scrub(settings, target);
        Instant now = clock.instant();
        if (target.until() != null && !target.until().isAfter(now)) return; // already over: nothing to put in force
        if (target.until() != null && !target.until().isAfter(now.plus(LONGEST_TIMEOUT))) {
            Map<String, Object> body = new HashMap<>();
            body.put("communication_disabled_until", target.until().toString());
            PeerHttp.Answer answer = call(settings, "PATCH", member(settings, user), body, reason(target));
            if (answer.ok()) return;
            if (!(answer.status() == 404 && code(answer) == UNKNOWN_MEMBER)) throw http.refused(answer, "timing the member out", scrub, hint(answer));
            // not in the server: no timeout can reach them, a ban keeps them out until Ombuds lifts it
        }
        PeerHttp.Answer answer = call(settings, "PUT", ban(settings, user), Map.of("delete_message_seconds", 0), reason(target));
        if (!answer.ok()) throw http.refused(answer, "banning the user", scrub, hint(answer));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        String user = userId(target);
        List<String> scrub = scrub(settings, target);
        String reason = reason(target) + " ended";
        PeerHttp.Answer unban = call(settings, "DELETE", ban(settings, user), null, reason);
        if (!unban.ok() && !(unban.status() == 404 && code(unban) == UNKNOWN_BAN)) throw http.refused(unban, "unbanning the user", scrub, hint(unban));
        PeerHttp.Answer member = call(settings, "GET", member(settings, user), null, null);
        if (member.status() == 404 && code(member) == UNKNOWN_MEMBER) return; // not in the server: no timeout to end
        if (!member.ok()) throw http.refused(member, "reading the member", scrub, hint(member));
        if (PeerHttp.text(member.json().path("communication_disabled_until")) == null) return;
        Map<String, Object> body = new HashMap<>();
        body.put("communication_disabled_until", null);
        PeerHttp.Answer answer = call(settings, "PATCH", member(settings, user), body, reason);
        if (!answer.ok() && !(answer.status() == 404 && code(answer) == UNKNOWN_MEMBER)) {
            throw http.refused(answer, "ending the member's timeout", scrub, hint(answer));
        }
    }

    /** Banned, or timed out until a time to come; empty for a username handle, which Discord's API cannot look up. */
    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        if (!SNOWFLAKE.matcher(target.identity().value()).matches()) return Optional.empty();
        String user = target.identity().value();
        List<String> scrub = scrub(settings, target);
        PeerHttp.Answer ban = call(settings, "GET", ban(settings, user), null, null);
        if (ban.ok()) return Optional.of(true);
        if (!(ban.status() == 404 && code(ban) == UNKNOWN_BAN)) throw http.refused(ban, "reading the ban", scrub, hint(ban));
        PeerHttp.Answer member = call(settings, "GET", member(settings, user), null, null);
        if (member.status() == 404 && code(member) == UNKNOWN_MEMBER) return Optional.of(false);
        if (!member.ok()) throw http.refused(member, "reading the member", scrub, hint(member));
        String until = PeerHttp.text(member.json().path("communication_disabled_until"));
        if (until == null) return Optional.of(false);
        try {
            return Optional.of(OffsetDateTime.parse(until).toInstant().isAfter(clock.instant()));
        } catch (DateTimeParseException e) {
            throw new PeerException("Discord gave a communication_disabled_until that is not a date", false);
        }
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/guilds/" + PeerHttp.segment(guild(settings)), null, null);
        if (!answer.ok()) throw http.refused(answer, "reading the server", scrub(settings, null), hint(answer));
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path, Object body, String auditReason) throws PeerException {
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.get("apiUrl", DEFAULT_API), "apiUrl"), path)
                .header("Authorization", "Bot " + settings.require("botToken"))
                .header("User-Agent", "DiscordBot (Ombuds, 1.0)");
        if (auditReason != null && !auditReason.isBlank()) {
            String reason = auditReason.length() > LONGEST_AUDIT_REASON ? auditReason.substring(0, LONGEST_AUDIT_REASON) : auditReason;
            request.header("X-Audit-Log-Reason", PeerHttp.segment(reason));
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(PeerHttp.json(body)));
        }
        return http.send(request);
    }

    private static String userId(Target target) throws PeerException {
        if (!target.identity().kind().equals("discord")) throw new PeerException("the Discord connector acts on discord handles only", false);
        if (!SNOWFLAKE.matcher(target.identity().value()).matches()) {
            throw new PeerException("Discord needs the numeric user id (a snowflake, Copy User ID in Developer Mode), not a username:"
                    + " add a discord handle with the id to the case", false);
        }
        return target.identity().value();
    }

    private static String guild(ConnectorSettings settings) throws PeerException {
        String guild = settings.require("guildId");
        if (!SNOWFLAKE.matcher(guild).matches()) throw new PeerException("the setting 'guildId' must be the server's numeric id", false);
        return guild;
    }

    private static String member(ConnectorSettings settings, String user) throws PeerException {
        return "/guilds/" + guild(settings) + "/members/" + user;
    }

    private static String ban(ConnectorSettings settings, String user) throws PeerException {
        return "/guilds/" + guild(settings) + "/bans/" + user;
    }

    private static String reason(Target target) {
        return target.reason() == null || target.reason().isBlank() ? "Code of Conduct sanction " + target.sanctionId() : target.reason();
    }

    /** Discord's JSON error code (10007 Unknown Member...), 0 when there is none. */
    private static long code(PeerHttp.Answer answer) {
        return PeerHttp.integer(answer.json().path("code")).orElse(0);
    }

    private static String hint(PeerHttp.Answer answer) {
        if (answer.status() == 401) return "Discord refused the bot token";
        if (answer.status() == 403) return "the bot lacks the Ban Members or Timeout Members permission, or its role is not above the person's"
                + " (the owner and administrators cannot be timed out)";
        if (answer.status() == 404 && code(answer) == UNKNOWN_GUILD) return "the bot is not in a server with this guildId";
        return null;
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("botToken"))
                : Arrays.asList(settings.get("botToken"), target.identity().value(), target.reason());
    }
}
