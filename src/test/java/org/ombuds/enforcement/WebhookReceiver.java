package org.ombuds.enforcement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

import org.ombuds.support.Ports;

/**
 * A signed-webhook receiver for page and API tests: it checks the Standard Webhooks signature with the secret it was
 * given and answers 204 when it holds, 401 "bad signature" otherwise; it keeps the bodies it accepted.
 */
public final class WebhookReceiver implements AutoCloseable {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a receiver's signing secret, 32b".getBytes(StandardCharsets.UTF_8));
    private final HttpServer server;
    final List<String> accepted = new CopyOnWriteArrayList<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (signature != null && signature.equals(signature(SECRET, id, timestamp, body))) {
                accepted.add(body);
                exchange.sendResponseHeaders(204, -1);
            } else {
                byte[] answer = "bad signature".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, answer.length);
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** An address where nothing listens. */
    static String closedUrl() {
        return "http://127.0.0.1:" + Ports.free() + "/hook";
    }

    /** The Standard Webhooks signature ("v1,<base64 HMAC-SHA256 of id.timestamp.body>") for a {@code whsec_} secret. */
    public static String signature(String secret, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
