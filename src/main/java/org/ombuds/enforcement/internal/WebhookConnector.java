package org.ombuds.enforcement.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerAddresses;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells another system by a signed webhook, per Standard Webhooks: a JSON POST with {@code webhook-id} (the same for
 * every retry of one event, so the receiver can drop duplicates), {@code webhook-timestamp} (seconds) and
 * {@code webhook-signature} ({@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body} with the secret that
 * follows {@code whsec_}). Events: {@code sanction.applied}, {@code sanction.lifted}, {@code ping}. A 2xx answer is
 * success; 429, 5xx and network errors are tried again.
 */
@Component
class WebhookConnector implements Connector {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Clock clock;

    WebhookConnector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Set<String> identityKinds() {
        return IdentityHandle.kinds();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.NOTIFY);
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.address("url", "where to POST the events (https)", true),
                new Setting("secret", "the signing secret, whsec_ followed by base64 (24 to 64 random bytes)", true, true));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        send(settings, "sanction.applied", target);
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        send(settings, "sanction.lifted", target);
    }

    /** A webhook only tells; whether the receiver enforces is its own business. */
    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) {
        return Optional.empty();
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "ping");
        event.put("timestamp", clock.instant().toString());
        event.put("data", Map.of("space", settings.spaceSlug()));
        post(settings, "msg_ping_" + clock.millis(), JSON.writeValueAsString(event), java.util.Arrays.asList(settings.get("secret")));
    }

    private void send(ConnectorSettings settings, String type, Target target) throws PeerException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sanction", target.sanctionId());
        data.put("action", target.action());
        data.put("identity", target.identity().toString());
        data.put("until", target.until() == null ? null : target.until().toString());
        data.put("space", settings.spaceSlug());
        data.put("reason", target.reason());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("timestamp", clock.instant().toString());
        event.put("data", data);
        post(settings, messageId(type, target, settings.spaceSlug()), JSON.writeValueAsString(event),
                java.util.Arrays.asList(settings.get("secret"), target.identity().value(), target.reason()));
    }

    /** Posts the event; the receiver's words are cleaned of the {@code scrub} values, as every connector's are (PeerHttp). */
    private void post(ConnectorSettings settings, String id, String body, List<String> scrub) throws PeerException {
        String url = settings.require("url");
        if (!PeerAddresses.allowed(url)) throw new PeerException(PeerAddresses.refusal("url"), false);
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", timestamp)
                    .header("webhook-signature", signature(settings.require("secret"), id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (IllegalArgumentException e) {
            throw new PeerException("the webhook url is not a valid address", false);
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) return;
            String said = response.body() == null ? "" : response.body().strip();
            throw new PeerException("the receiver answered " + status + (said.isEmpty() ? "" : ": " + PeerHttp.clean(said, scrub)),
                    status == 429 || status >= 500 || status == 408);
        } catch (IOException e) {
            throw new PeerException("the receiver could not be reached: " + e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while calling the receiver", true);
        }
    }

    /** {@code v1,} + base64(HMAC-SHA256(key, id.timestamp.body)), the key being the bytes after {@code whsec_}. */
    static String signature(String secret, String id, String timestamp, String body) throws PeerException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret);
        } catch (IllegalArgumentException e) {
            throw new PeerException("the webhook secret is not whsec_ followed by base64", false);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new PeerException("the webhook secret is empty", false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The same for every attempt at one event, so that a receiver can recognise a retry; different for each space, since
     * one receiver may serve several spaces and must apply the ban in each.
     */
    static String messageId(String type, Target target, String space) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type + "|" + target.sanctionId() + "|" + target.identity() + "|" + space).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
