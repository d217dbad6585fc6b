package org.ombuds.enforcement.internal;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Bans a Matrix user by publishing a moderation policy (spec, Moderation policy lists): the state event
 * {@code m.policy.rule.user} in the policy room, {@code {"entity":"@user:server","recommendation":"m.ban","reason":…}},
 * which the moderation bots watching the list (Draupnir, Mjolnir) enforce in their protected rooms; and, in the
 * rooms listed in {@code rooms}, by banning directly ({@code POST /rooms/{room}/ban}). The rule's state key is
 * {@code _} followed by the user id without its {@code @}, as Mjolnir writes it (state keys starting with {@code @}
 * are reserved for the user of that id), so the same person always has the same rule.
 * <p>
 * Lifting withdraws the rule by sending the same state event with empty content, then unbans in each listed room
 * (removing a rule does not reliably unban). A room unbans only where the person is banned: an unban is a leave
 * event, so in a room where the person is present it would kick them.
 */
@Component
public class MatrixConnector implements Connector {
    static final String RULE = "m.policy.rule.user";
    static final String BAN = "m.ban";
    private static final String API = "/_matrix/client/v3";
    private final PeerHttp http = new PeerHttp("Matrix");

    public MatrixConnector() {
    }

    @Override
    public String type() {
        return "matrix";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("matrix");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.address("homeserver", "the homeserver's client-server API address, such as https://matrix.example.org", true),
                new Setting("accessToken", "the access token of the moderation account, which may send m.policy.rule.user in the policy room"
                        + " and ban in the rooms", true, true),
                new Setting("policyRoom", "the room id (!…) of the policy list the moderation bots (Draupnir, Mjolnir) watch", false, true),
                new Setting("rooms", "room ids (!…), comma-separated, to ban in directly as well; empty: the policy list only", false, false));
    }

    /** The state key of the rule for a user: {@code _} and the user id without its {@code @}. */
    static String stateKey(String userId) {
        return "_" + userId.substring(1);
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        String user = userId(target);
        List<String> scrub = scrub(settings, target);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("entity", user);
        rule.put("recommendation", BAN);
        rule.put("reason", reason(target));
        PeerHttp.Answer published = call(settings, "PUT", ruleEvent(settings, user), rule);
        if (!published.ok()) throw http.refused(published, "publishing the policy rule", scrub, hint(published, "send m.policy.rule.user events"));
        for (String room : rooms(settings)) {
            PeerHttp.Answer banned = call(settings, "POST", API + "/rooms/" + PeerHttp.segment(room) + "/ban",
                    Map.of("user_id", user, "reason", reason(target)));
            if (!banned.ok()) throw http.refused(banned, "banning in room " + room, scrub, hint(banned, "ban"));
        }
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        String user = userId(target);
        List<String> scrub = scrub(settings, target);
        if (ruleBans(settings, user, scrub)) {
            PeerHttp.Answer withdrawn = call(settings, "PUT", ruleEvent(settings, user), Map.of());
            if (!withdrawn.ok()) throw http.refused(withdrawn, "withdrawing the policy rule", scrub, hint(withdrawn, "send m.policy.rule.user events"));
        }
        for (String room : rooms(settings)) {
            if (!bannedIn(settings, room, user, scrub)) continue;
            PeerHttp.Answer unbanned = call(settings, "POST", API + "/rooms/" + PeerHttp.segment(room) + "/unban",
                    Map.of("user_id", user, "reason", reason(target) + " ended"));
            if (!unbanned.ok()) throw http.refused(unbanned, "unbanning in room " + room, scrub, hint(unbanned, "unban"));
        }
    }

    /**
     * With the rule published: applied when every listed room bans too (a room that does not is drift to repair).
     * Without it: applied when a listed room still bans (drift to lift).
     */
    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        String user = userId(target);
        List<String> scrub = scrub(settings, target);
        boolean rule = ruleBans(settings, user, scrub);
        boolean all = true;
        boolean any = false;
        for (String room : rooms(settings)) {
            boolean banned = bannedIn(settings, room, user, scrub);
            all &= banned;
            any |= banned;
        }
        return Optional.of(rule ? all : any);
    }

    /** The token is valid, and its account may publish rules in the policy room and ban in the listed rooms. */
    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        List<String> scrub = scrub(settings, null);
        PeerHttp.Answer whoami = call(settings, "GET", API + "/account/whoami", null);
        if (!whoami.ok()) throw http.refused(whoami, "checking the access token", scrub, hint(whoami, null));
        String me = PeerHttp.text(whoami.json().path("user_id"));
        if (me == null) throw new PeerException("the homeserver's answer to whoami has no user_id: is homeserver the client-server API's address?", false);
        JsonNode levels = powerLevels(settings, policyRoom(settings), scrub);
        if (level(levels, me) < required(levels, RULE)) {
            throw new PeerException("the moderation account's power level in the policy room is too low to send " + RULE + " events", false);
        }
        for (String room : rooms(settings)) {
            JsonNode roomLevels = powerLevels(settings, room, scrub);
            if (level(roomLevels, me) < PeerHttp.integer(roomLevels.path("ban")).orElse(50)) {
                throw new PeerException("the moderation account's power level in room " + room + " is too low to ban", false);
            }
        }
    }

    private boolean ruleBans(ConnectorSettings settings, String user, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", ruleEvent(settings, user), null);
        if (answer.status() == 404 && "M_NOT_FOUND".equals(PeerHttp.text(answer.json().path("errcode")))) return false;
        if (!answer.ok()) throw http.refused(answer, "reading the policy rule", scrub, hint(answer, null));
        JsonNode content = answer.json();
        return BAN.equals(PeerHttp.text(content.path("recommendation"))) && user.equals(PeerHttp.text(content.path("entity")));
    }

    private boolean bannedIn(ConnectorSettings settings, String room, String user, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", API + "/rooms/" + PeerHttp.segment(room) + "/state/m.room.member/" + PeerHttp.segment(user), null);
        if (answer.status() == 404 && "M_NOT_FOUND".equals(PeerHttp.text(answer.json().path("errcode")))) return false;
        if (!answer.ok()) throw http.refused(answer, "reading the membership in room " + room, scrub, hint(answer, null));
        return "ban".equals(PeerHttp.text(answer.json().path("membership")));
    }

    private JsonNode powerLevels(ConnectorSettings settings, String room, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", API + "/rooms/" + PeerHttp.segment(room) + "/state/m.room.power_levels/", null);
        if (!answer.ok()) throw http.refused(answer, "reading the power levels of room " + room, scrub, hint(answer, null));
        return answer.json();
    }

    private static long level(JsonNode levels, String user) {
        JsonNode own = levels.path("users").path(user);
        return PeerHttp.integer(own).orElse(PeerHttp.integer(levels.path("users_default")).orElse(0));
    }

    private static long required(JsonNode levels, String eventType) {
        JsonNode own = levels.path("events").path(eventType);
        return PeerHttp.integer(own).orElse(PeerHttp.integer(levels.path("state_default")).orElse(50));
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path, Object body) throws PeerException {
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.require("homeserver"), "homeserver"), path)
                .header("Authorization", "Bearer " + settings.require("accessToken"))
                .header("Accept", "application/json")
                .header("User-Agent", "Ombuds");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(PeerHttp.json(body)));
        }
        return http.send(request);
    }

    private static String ruleEvent(ConnectorSettings settings, String user) throws PeerException {
        return API + "/rooms/" + PeerHttp.segment(policyRoom(settings)) + "/state/" + RULE + "/" + PeerHttp.segment(stateKey(user));
    }

    private static String policyRoom(ConnectorSettings settings) throws PeerException {
        return roomId(settings.require("policyRoom"), "policyRoom");
    }

    private static List<String> rooms(ConnectorSettings settings) throws PeerException {
        List<String> rooms = new ArrayList<>();
        String listed = settings.get("rooms");
        if (listed == null) return rooms;
        for (String room : listed.split(",")) {
            if (!room.isBlank() && !rooms.contains(room.strip())) rooms.add(roomId(room.strip(), "rooms"));
        }
        return rooms;
    }

    private static String roomId(String room, String setting) throws PeerException {
        if (!room.startsWith("!") || room.length() < 2 || room.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new PeerException("the setting '" + setting + "' must hold room ids (!…), not aliases (#…)", false);
        }
        return room;
    }

    private static String userId(Target target) throws PeerException {
        if (!target.identity().kind().equals("matrix")) throw new PeerException("the Matrix connector acts on matrix handles only", false);
        return target.identity().value();
    }

    private static String reason(Target target) {
        return target.reason() == null || target.reason().isBlank() ? "Code of Conduct sanction " + target.sanctionId() : target.reason();
    }

    private static String hint(PeerHttp.Answer answer, String needed) {
        String errcode = PeerHttp.text(answer.json().path("errcode"));
        if (answer.status() == 401) return "the homeserver refused the access token";
        if (answer.status() == 403 && needed != null) return "the moderation account must be in the room with a power level that may " + needed;
        if (answer.status() == 403) return "the moderation account must be in the room";
        if (answer.status() == 404 && errcode == null) return "is homeserver the client-server API's address?";
        return null;
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("accessToken"))
                : Arrays.asList(settings.get("accessToken"), target.identity().value(), target.identity().value().substring(1), target.reason());
    }
}
