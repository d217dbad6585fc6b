import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sequential latency of the case queue, one request at a time, as a committee member clicking through it:
 * GET /api/v1/cases (the open queue), ?status=closed, ?status=all&page=100 (with the API token) and the page
 * GET /staff/cases (signed in with a password through the form, session cookie). The endpoints take turns
 * (round robin), so that a noisy moment on the machine falls on all of them alike. Run by bench/case-queue.sh.
 *
 * <pre>
 *   java bench/CaseQueueLatency.java BASE_URL TOKEN EMAIL SETUP_LINK DATABASE [requests=500] [warmup=200]
 * </pre>
 * SETUP_LINK is the one-time link from {@code user setup-link}: this sets the account's password with it and
 * signs in. Prints one line per endpoint: "RESULT database endpoint requests p50 p95 p99 max rows" (milliseconds;
 * rows = cases on the first page, or bytes of the page), or "RESULT database endpoint missing" when the endpoint
 * answers 404 (the page is not there yet).
 */
public class CaseQueueLatency {
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final String PASSWORD = "bench passphrase for the case queue";

    public static void main(String[] args) throws Exception {
        String base = args[0], token = args[1], email = args[2], setupLink = args[3], database = args[4];
        int requests = args.length > 5 ? Integer.parseInt(args[5]) : 500;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 200;
        HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        signIn(browser, base, email, setupLink);

        Map<String, HttpRequest> endpoints = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/cases", "/api/v1/cases?status=closed", "/api/v1/cases?status=all&page=100")) {
            endpoints.put("GET " + path, HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").build());
        }
        endpoints.put("GET /staff/cases (page)", HttpRequest.newBuilder(URI.create(base + "/staff/cases")).header("Accept", "text/html").build());

        Map<String, long[]> latencies = new LinkedHashMap<>();
        Map<String, Integer> rows = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (var endpoint : endpoints.entrySet()) {
            HttpResponse<String> first = send(endpoint.getKey(), endpoint.getValue(), api, browser);
            if (first.statusCode() == 404) {
                missing.add(endpoint.getKey());
                continue;
            }
            check(endpoint.getKey(), first);
            rows.put(endpoint.getKey(), endpoint.getKey().contains("(page)") ? first.body().length() : count(first.body()));
            latencies.put(endpoint.getKey(), new long[requests]);
        }
        for (int i = 0; i < warmup; i++) {
            for (String name : latencies.keySet()) check(name, send(name, endpoints.get(name), api, browser));
        }
        for (int i = 0; i < requests; i++) {
            for (var entry : latencies.entrySet()) {
                long start = System.nanoTime();
                HttpResponse<String> response = send(entry.getKey(), endpoints.get(entry.getKey()), api, browser);
                entry.getValue()[i] = System.nanoTime() - start;
                check(entry.getKey(), response);
            }
        }
        for (String name : endpoints.keySet()) {
            long[] values = latencies.get(name);
            if (values == null) {
                System.out.printf("RESULT %s %s missing%n", database, name.replace(' ', '_'));
                continue;
            }
            Arrays.sort(values);
            System.out.printf("RESULT %s %s %d %.1f %.1f %.1f %.1f %d%n", database, name.replace(' ', '_'), requests,
                    percentile(values, 50), percentile(values, 95), percentile(values, 99), values[values.length - 1] / 1e6, rows.get(name));
        }
    }

    static HttpResponse<String> send(String name, HttpRequest request, HttpClient api, HttpClient browser) throws Exception {
        return (name.contains("(page)") ? browser : api).send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void check(String name, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
    }

    /** Nearest rank, in milliseconds. */
    static double percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** Cases in a JSON list of case summaries (each has one "codeName"). */
    static int count(String json) {
        int count = 0;
        for (int at = json.indexOf("\"codeName\""); at >= 0; at = json.indexOf("\"codeName\"", at + 1)) count++;
        return count;
    }

    /** Sets the password through the one-time link (the /account/setup form), then signs in through /login. */
    static void signIn(HttpClient browser, String base, String email, String setupLink) throws Exception {
        String setupToken = setupLink.substring(setupLink.indexOf("token=") + 6);
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(base + "/account/setup?token="
                + URLEncoder.encode(setupToken, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> set = post(browser, base + "/account/setup", Map.of("_csrf", csrf(form.body()), "token", setupToken,
                "password", PASSWORD, "confirmation", PASSWORD));
        if (set.statusCode() != 302) throw new IllegalStateException("setting the password answered " + set.statusCode());
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> signedIn = post(browser, base + "/login", Map.of("_csrf", csrf(login.body()), "email", email, "password", PASSWORD));
        String location = signedIn.headers().firstValue("Location").orElse("");
        if (signedIn.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("signing in answered " + signedIn.statusCode() + " to " + location);
        }
    }

    static HttpResponse<String> post(HttpClient browser, String url, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) throw new IllegalStateException("no _csrf field in the form");
        return matcher.group(1);
    }
}
