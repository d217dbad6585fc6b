package org.ombuds.enforcement.internal;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Deactivates a Mattermost user through the API v4 (https://developers.mattermost.com/api-documentation/, pages
 * https://docs.mattermost.com/api/reference/delete-user and https://docs.mattermost.com/api/reference/update-user-active):
 * the user from {@code GET /api/v4/users/username/{username}}, {@code DELETE /api/v4/users/{user_id}} to deactivate
 * (the account is archived and its sessions revoked), {@code PUT /api/v4/users/{user_id}/active} with
 * {@code {"active": true}} to lift, {@code GET /api/v4/users/{user_id}}'s {@code delete_at} (non-zero: deactivated)
 * to read it. A personal access token as {@code Authorization: Bearer}.
 * <p>
 * With the setting {@code teamId} it removes the person from that team instead ({@code DELETE
 * /api/v4/teams/{team_id}/members/{user_id}}; the member's {@code delete_at} says it; lifting adds back, with
 * {@code POST /api/v4/teams/{team_id}/members}, only someone Ombuds's removal took out). Neither has an end, so a
 * temporary ban is lifted by Ombuds when it ends.
 */
@Component
public class MattermostConnector implements Connector {
    private static final String PERMISSION_HINT = "the token's account may not do this: deactivating needs a System Admin"
            + " (or the edit_other_users permission), removing from a team the remove_user_from_team permission";
    private final PeerHttp http = new PeerHttp("Mattermost");

    public MattermostConnector() {
    }

    @Override
    public String type() {
        return "mattermost";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("mattermost");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.address("url", "the server's address, such as https://chat.example.org", true),
                new Setting("token", "a personal access token (Profile, Security, Personal Access Tokens) of a System Admin", true, true),
                new Setting("teamId", "optional: the id of a team to remove the person from, instead of deactivating the account", false, false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        JsonNode user = user(settings, target, scrub).orElseThrow(() -> new PeerException("Mattermost has no user with this username", false));
        String id = PeerHttp.text(user.path("id"));
        String team = settings.get("teamId");
        if (team != null) {
            OptionalLong left = teamMemberDeleteAt(settings, team, id, scrub);
            if (left.isEmpty() || left.getAsLong() > 0) return; // not in the team, or removed already
            PeerHttp.Answer answer = call(settings, "DELETE", teamMember(team, id), null);
            if (!answer.ok()) throw http.refused(answer, "removing the user from the team", scrub, hint(answer));
            return;
        }
        if (deleteAt(user) > 0) return;
        PeerHttp.Answer answer = call(settings, "DELETE", "/api/v4/users/" + PeerHttp.segment(id), null);
        if (!answer.ok()) throw http.refused(answer, "deactivating the user", scrub, hint(answer));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        Optional<JsonNode> user = user(settings, target, scrub);
        if (user.isEmpty()) return; // no such user: nothing to lift
        String id = PeerHttp.text(user.get().path("id"));
        String team = settings.get("teamId");
        if (team != null) {
            OptionalLong left = teamMemberDeleteAt(settings, team, id, scrub);
            if (left.isEmpty() || left.getAsLong() == 0) return; // never in the team, or in it again
            PeerHttp.Answer answer = call(settings, "POST", "/api/v4/teams/" + PeerHttp.segment(team) + "/members",
                    Map.of("team_id", team, "user_id", id));
            if (!answer.ok()) throw http.refused(answer, "adding the user back to the team", scrub, hint(answer));
            return;
        }
        if (deleteAt(user.get()) == 0) return;
        PeerHttp.Answer answer = call(settings, "PUT", "/api/v4/users/" + PeerHttp.segment(id) + "/active", Map.of("active", true));
        if (!answer.ok()) throw http.refused(answer, "reactivating the user", scrub, hint(answer));
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        Optional<JsonNode> user = user(settings, target, scrub);
        if (user.isEmpty()) return Optional.of(false);
        String id = PeerHttp.text(user.get().path("id"));
        String team = settings.get("teamId");
        if (team != null) {
            OptionalLong left = teamMemberDeleteAt(settings, team, id, scrub);
            return Optional.of(left.isPresent() && left.getAsLong() > 0);
        }
        PeerHttp.Answer answer = call(settings, "GET", "/api/v4/users/" + PeerHttp.segment(id), null);
        if (!answer.ok()) throw http.refused(answer, "reading whether the user is deactivated", scrub, hint(answer));
        return Optional.of(deleteAt(answer.json()) > 0);
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        List<String> scrub = scrub(settings, null);
        PeerHttp.Answer me = call(settings, "GET", "/api/v4/users/me", null);
        if (!me.ok()) throw http.refused(me, "reading its own account", scrub, hint(me));
        if (PeerHttp.text(me.json().path("id")) == null) {
            throw new PeerException("Mattermost's answer about its own account has no id: is url the server's address?", false);
        }
        String team = settings.get("teamId");
        if (team == null) return;
        PeerHttp.Answer answer = call(settings, "GET", "/api/v4/teams/" + PeerHttp.segment(team), null);
        if (!answer.ok()) {
            throw http.refused(answer, "reading the team", scrub,
                    answer.status() == 404 ? "check teamId: the team's id, not its name" : hint(answer));
        }
    }

    /** The user as Mattermost shows it (deactivated users too); empty when there is no such user. */
    private Optional<JsonNode> user(ConnectorSettings settings, Target target, List<String> scrub) throws PeerException {
        if (!target.identity().kind().equals("mattermost")) {
            throw new PeerException("the Mattermost connector acts on mattermost handles only", false);
        }
        PeerHttp.Answer answer = call(settings, "GET", "/api/v4/users/username/" + PeerHttp.segment(target.identity().value()), null);
        if (answer.status() == 404) return Optional.empty();
        if (!answer.ok()) throw http.refused(answer, "looking the user up", scrub, hint(answer));
        JsonNode user = answer.json();
        if (PeerHttp.text(user.path("id")) == null) {
            throw new PeerException("Mattermost's answer about the user has no id: is url the server's address?", false);
        }
        return Optional.of(user);
    }

    /** The team member's {@code delete_at} (0: in the team, else when removed); empty when never a member. */
    private OptionalLong teamMemberDeleteAt(ConnectorSettings settings, String team, String id, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", teamMember(team, id), null);
        if (answer.status() == 404) return OptionalLong.empty();
        if (!answer.ok()) throw http.refused(answer, "reading the user's team membership", scrub, hint(answer));
        return OptionalLong.of(deleteAt(answer.json()));
    }

    private static String teamMember(String team, String id) {
        return "/api/v4/teams/" + PeerHttp.segment(team) + "/members/" + PeerHttp.segment(id);
    }

    private static long deleteAt(JsonNode node) throws PeerException {
        OptionalLong deleteAt = PeerHttp.integer(node.path("delete_at"));
        if (deleteAt.isEmpty()) throw new PeerException("Mattermost's answer has no delete_at", false);
        return deleteAt.getAsLong();
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path, Object body) throws PeerException {
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.require("url"), "url"), path)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + settings.require("token"))
                .header("User-Agent", "Ombuds");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(PeerHttp.json(body)));
        }
        return http.send(request);
    }

    private static String hint(PeerHttp.Answer answer) {
        return switch (answer.status()) {
            case 401 -> "Mattermost refused the token: check that it is valid, not revoked, and that personal access tokens are enabled";
            case 403 -> PERMISSION_HINT;
            default -> null;
        };
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("token"))
                : Arrays.asList(settings.get("token"), target.identity().value(), target.reason());
    }
}
