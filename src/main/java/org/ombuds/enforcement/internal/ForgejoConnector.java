package org.ombuds.enforcement.internal;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * Blocks a user from an organization of a Forgejo or Gitea instance. The two APIs differ (a setting picks one):
 * <ul>
 * <li>Forgejo (since 1.21; its swagger at https://codeberg.org/api/swagger, operations orgBlockUser, orgUnblockUser,
 * orgListBlockedUsers): {@code PUT /api/v1/orgs/{org}/block/{username}}, lifted with
 * {@code PUT /api/v1/orgs/{org}/unblock/{username}} (not a DELETE); there is no check of one user, so applied reads
 * {@code GET /api/v1/orgs/{org}/list_blocked}, whose entries carry only {@code block_id} (the blocked user's id) and
 * {@code created_at}, against the id from {@code GET /api/v1/users/{username}}. 422 to blocking one already blocked
 * (or an owner) and to unblocking one who is not.</li>
 * <li>Gitea (since 1.22, go-gitea/gitea#29028; routers/api/v1/org/block.go): GitHub's shape,
 * {@code PUT} / {@code DELETE} / {@code GET /api/v1/orgs/{org}/blocks/{username}} (204; GET 404 when not blocked,
 * also when there is no such user). 400 to blocking one already blocked or a member, and to unblocking one who is not.</li>
 * </ul>
 * Either way a refusal to block or unblock is taken for success only when the block list then says what was wanted.
 * A block has no end at the peer: Ombuds lifts it. Auth: {@code Authorization: token <token>} of an organization owner.
 */
@Component
public class ForgejoConnector implements Connector {
    static final String FORGEJO = "forgejo";
    static final String GITEA = "gitea";
    /** Forgejo's block list is paged through: a peer that never ends its pages is cut short. */
    private static final int PAGE = 50;
    private static final int MOST_PAGES = 200;
    private final PeerHttp forgejoHttp = new PeerHttp("Forgejo");
    private final PeerHttp giteaHttp = new PeerHttp("Gitea");

    public ForgejoConnector() {
    }

    @Override
    public String type() {
        return "forgejo";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("forgejo");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.address("url", "the instance's address, such as https://codeberg.org (the API is under /api/v1)", true),
                new Setting("org", "the organization's name, as in https://HOST/<org>", false, true),
                new Setting("token", "an access token of an owner of the organization, with the scopes write:organization and"
                        + " read:user", true, true),
                new Setting("server", "forgejo (default) or gitea (1.22 or later): their block APIs differ", false, false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        String user = username(target);
        List<String> scrub = scrub(settings, target);
        boolean gitea = gitea(settings);
        PeerHttp.Answer answer = gitea
                ? call(settings, "PUT", org(settings) + "/blocks/" + PeerHttp.segment(user) + note(target))
                : call(settings, "PUT", org(settings) + "/block/" + PeerHttp.segment(user));
        if (answer.ok()) return;
        if (answer.status() == (gitea ? 400 : 422)) {
            if (blocked(settings, user, scrub)) return; // blocked already
            throw http(settings).refused(answer, "blocking the user", scrub, "the organization cannot block this account: an owner"
                    + (gitea ? " or member" : "") + " of it, or the token's own");
        }
        if (answer.status() == 404) throw unknown(settings, answer, "blocking the user", scrub);
        throw http(settings).refused(answer, "blocking the user", scrub, hint(answer));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        String user = username(target);
        List<String> scrub = scrub(settings, target);
        boolean gitea = gitea(settings);
        PeerHttp.Answer answer = gitea
                ? call(settings, "DELETE", org(settings) + "/blocks/" + PeerHttp.segment(user))
                : call(settings, "PUT", org(settings) + "/unblock/" + PeerHttp.segment(user));
        if (answer.ok()) return;
        if (answer.status() == (gitea ? 400 : 422) && !blocked(settings, user, scrub)) return; // not blocked: nothing to lift
        if (answer.status() == 404) throw unknown(settings, answer, "unblocking the user", scrub);
        throw http(settings).refused(answer, "unblocking the user", scrub, hint(answer));
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        return Optional.of(blocked(settings, username(target), scrub(settings, target)));
    }

    /** Reads the organization, then one entry of its block list, which only its owners may read. */
    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        List<String> scrub = scrub(settings, null);
        PeerHttp.Answer org = call(settings, "GET", org(settings));
        if (!org.ok()) {
            throw http(settings).refused(org, "reading the organization", scrub,
                    org.status() == 404 ? "there is no organization '" + settings.require("org") + "' this token can see" : hint(org));
        }
        PeerHttp.Answer blocks = call(settings, "GET", org(settings) + (gitea(settings) ? "/blocks" : "/list_blocked") + "?limit=1");
        if (!blocks.ok()) throw http(settings).refused(blocks, "reading the organization's blocked users", scrub, hint(blocks));
    }

    private boolean blocked(ConnectorSettings settings, String user, List<String> scrub) throws PeerException {
        if (gitea(settings)) {
            PeerHttp.Answer answer = call(settings, "GET", org(settings) + "/blocks/" + PeerHttp.segment(user));
            if (answer.status() == 204 || answer.status() == 200) return true;
            if (answer.status() != 404) throw http(settings).refused(answer, "checking whether the user is blocked", scrub, hint(answer));
            userId(settings, user, scrub); // Gitea's 404 is also its answer for no such user
            return false;
        }
        long id = userId(settings, user, scrub);
        for (int page = 1; page <= MOST_PAGES; page++) {
            PeerHttp.Answer answer = call(settings, "GET", org(settings) + "/list_blocked?limit=" + PAGE + "&page=" + page);
            if (!answer.ok()) throw http(settings).refused(answer, "reading the organization's blocked users", scrub, hint(answer));
            JsonNode entries = answer.json();
            if (!entries.isArray()) throw new PeerException("Forgejo answered the block list with something else than a list", true);
            for (JsonNode entry : entries) {
                OptionalLong blockedId = PeerHttp.integer(entry.path("block_id"));
                if (blockedId.isPresent() && blockedId.getAsLong() == id) return true;
            }
            if (entries.size() < PAGE) return false;
        }
        throw new PeerException("Forgejo's block list of the organization has more than " + MOST_PAGES * PAGE + " entries: not read to its end", false);
    }

    private long userId(ConnectorSettings settings, String user, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/api/v1/users/" + PeerHttp.segment(user));
        if (answer.status() == 404) throw new PeerException(peer(settings) + " knows no user with this username", false);
        if (!answer.ok()) throw http(settings).refused(answer, "reading the user", scrub, hint(answer));
        OptionalLong id = PeerHttp.integer(answer.json().path("id"));
        if (id.isEmpty()) throw new PeerException(peer(settings) + "'s user has no id", false);
        return id.getAsLong();
    }

    /** A 404 to a block: no such organization, or no such user. */
    private PeerException unknown(ConnectorSettings settings, PeerHttp.Answer answer, String doing, List<String> scrub) throws PeerException {
        PeerHttp.Answer org = call(settings, "GET", org(settings));
        if (org.status() == 404) return http(settings).refused(answer, doing, scrub, "there is no organization '" + settings.require("org") + "' this token can see");
        return http(settings).refused(answer, doing, scrub, peer(settings) + " knows no such user");
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path) throws PeerException {
        HttpRequest.Builder request = http(settings).request(PeerHttp.baseUrl(settings.require("url"), "url"), path)
                .header("Accept", "application/json")
                .header("Authorization", "token " + settings.require("token"))
                .header("User-Agent", "Ombuds")
                .method(method, HttpRequest.BodyPublishers.noBody());
        return http(settings).send(request);
    }

    private PeerHttp http(ConnectorSettings settings) throws PeerException {
        return gitea(settings) ? giteaHttp : forgejoHttp;
    }

    private static String org(ConnectorSettings settings) throws PeerException {
        return "/api/v1/orgs/" + PeerHttp.segment(settings.require("org"));
    }

    private static boolean gitea(ConnectorSettings settings) throws PeerException {
        String server = settings.get("server", FORGEJO).toLowerCase(Locale.ROOT);
        if (!server.equals(FORGEJO) && !server.equals(GITEA)) throw new PeerException("the setting 'server' must be forgejo or gitea", false);
        return server.equals(GITEA);
    }

    private static String peer(ConnectorSettings settings) throws PeerException {
        return gitea(settings) ? "Gitea" : "Forgejo";
    }

    /** Gitea keeps a note with the block: the neutral reason. */
    private static String note(Target target) {
        return target.reason() == null ? "" : "?note=" + URLEncoder.encode(target.reason(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String username(Target target) throws PeerException {
        if (!target.identity().kind().equals("forgejo")) throw new PeerException("the Forgejo connector acts on forgejo handles only", false);
        return target.identity().value();
    }

    private static String hint(PeerHttp.Answer answer) {
        if (answer.status() == 401) return "the instance refused the token: check that it is valid and not expired";
        if (answer.status() == 403) return "the token must be an organization owner's, with the scope write:organization";
        return null;
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("token"))
                : Arrays.asList(settings.get("token"), target.identity().value(), target.reason());
    }
}
