package org.ombuds.enforcement;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * An HTTP server in this JVM, on 127.0.0.1 and a free port, on which a test builds a stub of a platform's documented
 * API: routes with {@code {name}} placeholders (matched on the raw, still encoded path, the values handed over
 * decoded), a guard that answers first (the platform's authentication), failures a test queues for the next requests
 * (a 503, a 429), and the record of every request.
 */
final class DocumentedApiStub implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The fields of a query string or a form body ({@code application/x-www-form-urlencoded}), decoded. */
    static Map<String, String> form(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) return values;
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** One request as the stub received it. */
    record Call(String method, String rawPath, String rawQuery, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        JsonNode json() {
            if (body == null || body.isBlank()) return MissingNode.getInstance();
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                return MissingNode.getInstance();
            }
        }
    }

    /** One answer. */
    record Reply(int status, String body, Map<String, String> headers) {
        static Reply json(int status, Object body) {
            return new Reply(status, body instanceof String text ? text : JSON.writeValueAsString(body),
                    Map.of("Content-Type", "application/json"));
        }

        static Reply empty(int status) {
            return new Reply(status, "", Map.of());
        }

        Reply with(String header, String value) {
            Map<String, String> headers = new LinkedHashMap<>(this.headers);
            headers.put(header, value);
            return new Reply(status, body, headers);
        }
    }

    @FunctionalInterface
    interface Route {
        Reply answer(Call call, List<String> values) throws Exception;
    }

    private record Entry(String method, Pattern path, Route route) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Entry> routes = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Reply> queued = new ConcurrentLinkedDeque<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, Reply> guard = call -> null;
    private volatile Function<Call, Reply> unknown = call -> Reply.json(404, Map.of("message", "Not Found"));

    private DocumentedApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static DocumentedApiStub start() throws IOException {
        return new DocumentedApiStub();
    }

    /** http://127.0.0.1:port, without a trailing slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers before any route: a non-null reply refuses the request (the platform's authentication). */
    DocumentedApiStub guard(Function<Call, Reply> guard) {
        this.guard = guard;
        return this;
    }

    /** The answer to a path no route matches. */
    DocumentedApiStub unknown(Function<Call, Reply> unknown) {
        this.unknown = unknown;
        return this;
    }

    /** A route: {@code path} is literal but for {@code {name}} placeholders, one encoded segment each (or part of one). */
    DocumentedApiStub on(String method, String path, Route route) {
        StringBuilder regex = new StringBuilder("^");
        Matcher placeholder = Pattern.compile("\\{[a-zA-Z]+}").matcher(path);
        int last = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(path.substring(last, placeholder.start()))).append("([^/]+?)");
            last = placeholder.end();
        }
        regex.append(Pattern.quote(path.substring(last))).append('$');
        routes.add(new Entry(method, Pattern.compile(regex.toString()), route));
        return this;
    }

    /** The next request (whatever it is) gets this answer, before authentication, as from a proxy or a rate limiter. */
    void failNext(Reply reply) {
        queued.add(reply);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void forgetCalls() {
        calls.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try (InputStream in = exchange.getRequestBody()) {
            Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            calls.add(call);
            reply = answer(call);
        } catch (Exception e) {
            reply = Reply.json(500, Map.of("message", "stub failure: " + e));
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = body.length == 0 || reply.status() == 204 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private Reply answer(Call call) throws Exception {
        Reply failure = queued.poll();
        if (failure != null) return failure;
        Reply refused = guard.apply(call);
        if (refused != null) return refused;
        for (Entry entry : routes) {
            Matcher matcher = entry.path().matcher(call.rawPath());
            if (!matcher.matches()) continue;
            if (!entry.method().equals(call.method())) continue;
            List<String> values = new ArrayList<>();
            for (int group = 1; group <= matcher.groupCount(); group++) {
                values.add(URLDecoder.decode(matcher.group(group).replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            return entry.route().answer(call, values);
        }
        return unknown.apply(call);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
