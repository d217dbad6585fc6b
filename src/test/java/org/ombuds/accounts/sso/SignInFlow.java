package org.ombuds.accounts.sso;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A browser for the sign-in flow over real HTTP: one cookie jar across Ombuds and the provider, redirects followed
 * one by one (so a test can see every hop, and alter the provider's answer on its way back, as an attacker could).
 */
final class SignInFlow {
    private final String base;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    /** Where the flow ended (the first answer that was not a redirect) and every address on the way. */
    record Result(int status, String body, URI at, List<URI> hops) {
        String path() {
            return at.getPath() + (at.getRawQuery() == null ? "" : "?" + at.getRawQuery());
        }

        /** The hop to an address starting with this, if any. */
        URI hopTo(String prefix) {
            return hops.stream().filter(hop -> hop.toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no hop to " + prefix + " in " + hops));
        }
    }

    SignInFlow(String base) {
        this.base = base;
    }

    /** Clicks the provider's button on the login page, and the browser follows where it is sent. */
    Result signInWith(String provider) {
        return signInWith(provider, UnaryOperator.identity());
    }

    /** The same, with the provider's redirect back to Ombuds changed on the way. */
    Result signInWith(String provider, UnaryOperator<String> callback) {
        String login = get(URI.create(base + "/login")).body();
        String href = "/oauth2/authorization/" + provider;
        if (!login.contains("href=\"" + href + "\"")) throw new AssertionError("no button for " + provider + " on the login page");
        return follow(URI.create(base + href), callback);
    }

    Result follow(URI start, UnaryOperator<String> callback) {
        List<URI> hops = new ArrayList<>();
        URI at = start;
        for (int i = 0; i < 10; i++) {
            hops.add(at);
            HttpResponse<String> response = get(at);
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                return new Result(response.statusCode(), response.body(), at, hops);
            }
            String next = at.resolve(location).toString();
            at = URI.create(next.startsWith(base + "/login/oauth2/code/") ? callback.apply(next) : next);
        }
        throw new AssertionError("more than 10 redirects: " + hops);
    }

    HttpResponse<String> get(URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return get(URI.create(base + path));
    }
}
