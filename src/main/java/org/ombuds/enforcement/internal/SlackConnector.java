package org.ombuds.enforcement.internal;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * Deactivates a Slack member through the SCIM API 2.0 (https://docs.slack.dev/reference/scim-api,
 * https://docs.slack.dev/admins/scim-api): {@code DELETE /scim/v2/Users/{id}} ("sets a Slack user to deactivated"),
 * {@code PATCH /scim/v2/Users/{id}} replacing {@code active} with true to lift, {@code GET /scim/v2/Users/{id}}'s
 * {@code active} to read it. The id is the member ID (U012ABCDEF), which Ombuds's handles keep in lower case and SCIM
 * wants in upper case. An Owner's token with the {@code admin} scope as {@code Authorization: Bearer}. A deactivation
 * has no end, so a temporary ban is lifted by Ombuds when it ends.
 * <p>
 * SCIM exists on the Business+ and Enterprise plans only. Without it (the setting {@code scim} is off, or Slack answers
 * 403 or 404 to the SCIM API itself) nothing can be done from here: apply and lift fail, not to be retried, with the
 * steps in Slack's admin pages (https://slack.com/help/articles/204475027) for the committee to do it by hand.
 */
@Component
public class SlackConnector implements Connector {
    static final String DEFAULT_SCIM = "https://api.slack.com/scim/v2";
    static final String GUIDE = "https://slack.com/help/articles/204475027";
    // A failure is shown (and stored) in at most 500 characters, so the steps are short and come whole.
    private static final String NO_SCIM = "SCIM needs a Business+ or Enterprise plan and an Owner's token with the admin scope";
    private static final String WHERE = " by hand: in Slack on a desktop, as an Owner or Admin, click the workspace name,"
            + " Tools & settings, Manage members";
    private static final String WHO = "; find the member ID of the sanction's slack: handle, click ⋯ at its right, ";
    private static final String DONE = "; then mark it done by hand (" + GUIDE + ")";
    static final String DEACTIVATE_BY_HAND = "Deactivate" + WHERE + WHO + "Deactivate account (Enterprise: Organization settings,"
            + " People, Members)" + DONE;
    static final String REACTIVATE_BY_HAND = "Reactivate" + WHERE + ", Filter: Deactivated accounts" + WHO + "Activate account" + DONE;
    private static final Map<String, Object> REACTIVATE = Map.of(
            "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            "Operations", List.of(Map.of("op", "replace", "path", "active", "value", true)));
    private final PeerHttp http = new PeerHttp("Slack");

    public SlackConnector() {
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("slack");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                new Setting("token", "a SCIM token: an OAuth token with the admin scope, installed by a Workspace (or Org) Owner;"
                        + " needed unless scim is off", true, false),
                new Setting("scim", "on (default), or off when the plan has no SCIM API (Free, Pro): Ombuds then gives the steps to"
                        + " deactivate by hand", false, false),
                Setting.address("scimUrl", "the SCIM API's address; default " + DEFAULT_SCIM, false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        if (scimOff(settings)) throw new PeerException("Slack's SCIM is off for this space. " + DEACTIVATE_BY_HAND, false);
        List<String> scrub = scrub(settings, target);
        String path = user(target);
        PeerHttp.Answer read = call(settings, "GET", path, null);
        if (!read.ok()) {
            requireScim(settings, read, scrub, DEACTIVATE_BY_HAND);
            if (read.status() == 404) throw new PeerException("Slack has no member with this ID", false);
            throw http.refused(read, "looking the member up", scrub, hint(read));
        }
        if (!active(read)) return;
        PeerHttp.Answer answer = call(settings, "DELETE", path, null);
        if (answer.ok()) return;
        throw http.refused(answer, "deactivating the member", scrub, hint(answer));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        if (scimOff(settings)) throw new PeerException("Slack's SCIM is off for this space. " + REACTIVATE_BY_HAND, false);
        List<String> scrub = scrub(settings, target);
        String path = user(target);
        PeerHttp.Answer read = call(settings, "GET", path, null);
        if (!read.ok()) {
            requireScim(settings, read, scrub, REACTIVATE_BY_HAND);
            if (read.status() == 404) return; // no such member: nothing to lift
            throw http.refused(read, "looking the member up", scrub, hint(read));
        }
        if (active(read)) return;
        PeerHttp.Answer answer = call(settings, "PATCH", path, REACTIVATE);
        if (answer.ok()) return;
        throw http.refused(answer, "reactivating the member", scrub, hint(answer));
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        if (scimOff(settings)) return Optional.empty();
        List<String> scrub = scrub(settings, target);
        PeerHttp.Answer read = call(settings, "GET", user(target), null);
        if (read.ok()) return Optional.of(!active(read));
        if ((read.status() == 403 || read.status() == 404) && !scimAnswers(settings, scrub)) return Optional.empty(); // cannot say
        if (read.status() == 404) return Optional.of(false);
        throw http.refused(read, "reading whether the member is deactivated", scrub, hint(read));
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        if (scimOff(settings)) return; // nothing to reach: every deactivation is done by hand
        PeerHttp.Answer answer = call(settings, "GET", "/Users?startIndex=1&count=1", null);
        if (answer.status() == 403 || answer.status() == 404) {
            throw new PeerException(http.refused(answer, "listing members", scrub(settings, null)).getMessage() + " (" + NO_SCIM
                    + "; without SCIM, set scim to off: Ombuds then gives the steps to do it by hand)", false);
        }
        if (!answer.ok()) throw http.refused(answer, "listing members", scrub(settings, null), hint(answer));
        if (!answer.json().path("Resources").isArray()) {
            throw new PeerException("Slack's answer to the member list is not a SCIM list: is scimUrl the SCIM API's address?", false);
        }
    }

    /**
     * After a 403 or 404 about a member: when the SCIM API itself answers 403 or 404 too, the workspace has no SCIM,
     * and the refusal says so with the steps to follow by hand.
     */
    private void requireScim(ConnectorSettings settings, PeerHttp.Answer read, List<String> scrub, String byHand)
            throws PeerException {
        if (read.status() != 403 && read.status() != 404) return;
        if (scimAnswers(settings, scrub)) return;
        throw new PeerException(noScim(read) + " " + byHand, false);
    }

    /** The peer's words are left out: the steps must fit whole in what is shown. */
    private static String noScim(PeerHttp.Answer answer) {
        return "This workspace has no Slack SCIM API (Slack answered " + answer.status() + "; " + NO_SCIM + ").";
    }

    /** Whether the SCIM API answers the token (its member list, one entry); false on 403 or 404. */
    private boolean scimAnswers(ConnectorSettings settings, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/Users?startIndex=1&count=1", null);
        if (answer.ok()) return true;
        if (answer.status() == 403 || answer.status() == 404) return false;
        throw http.refused(answer, "listing members", scrub, hint(answer));
    }

    private static boolean active(PeerHttp.Answer answer) throws PeerException {
        JsonNode active = answer.json().path("active");
        if (!active.isBoolean()) throw new PeerException("Slack's answer about the member has no active: is scimUrl the SCIM API's address?", false);
        return active.asBoolean();
    }

    private static boolean scimOff(ConnectorSettings settings) throws PeerException {
        String scim = settings.get("scim", "on").toLowerCase(Locale.ROOT);
        return switch (scim) {
            case "on", "true", "yes" -> false;
            case "off", "false", "no" -> true;
            default -> throw new PeerException("the setting 'scim' must be on or off", false);
        };
    }

    private static String user(Target target) throws PeerException {
        if (!target.identity().kind().equals("slack")) throw new PeerException("the Slack connector acts on slack handles only", false);
        return "/Users/" + PeerHttp.segment(target.identity().value().toUpperCase(Locale.ROOT));
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path, Object body) throws PeerException {
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.get("scimUrl", DEFAULT_SCIM), "scimUrl"), path)
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
        return answer.status() == 401 ? "Slack refused the token: check that it is a valid token with the admin scope" : null;
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("token"))
                : Arrays.asList(settings.get("token"), target.identity().value(), target.reason());
    }
}
