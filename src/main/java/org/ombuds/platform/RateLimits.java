package org.ombuds.platform;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Per-client sliding-window limits kept in memory, so that no third party (CAPTCHA service) sees our users.
 * Each limit has a name; settings come from {@code ombuds.limits.<name>} (events per window).
 */
@Component
public class RateLimits {
    private final Clock clock;
    private final Map<String, OmbudsProperties.Limit> limits;
    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();

    RateLimits(Clock clock, OmbudsProperties properties) {
        this.clock = clock;
        this.limits = properties.limits();
    }

    /** Counts one event of {@code limit} for {@code client}; over the limit, refuses with the wait. */
    public void take(String limit, String client) {
        count(limit, client, true);
    }

    /**
     * Refuses, without counting, while {@code client} is over {@code limit}. Called before a lookup of a guessable
     * secret (a receipt, an appeal link), so that once limited a right guess is refused like a wrong one and the
     * answer tells nothing until the window has passed; only misses are then counted with {@link #take}.
     */
    public void check(String limit, String client) {
        count(limit, client, false);
    }

    private void count(String limit, String client, boolean counted) {
        OmbudsProperties.Limit setting = limits.get(limit);
        if (setting == null) throw new IllegalArgumentException("no rate limit named " + limit);
        long now = clock.millis();
        long window = setting.window().toMillis();
        Deque<Long> events = windows.computeIfAbsent(limit + "|" + client, key -> new ArrayDeque<>());
        synchronized (events) {
            while (!events.isEmpty() && events.peekFirst() <= now - window) events.pollFirst();
            if (events.size() >= setting.events()) {
                long retry = Math.max(1, (events.peekFirst() + window - now + 999) / 1000);
                throw new TooManyRequestsException(retry);
            }
            if (counted) events.addLast(now);
        }
        if (windows.size() > 100_000) windows.values().removeIf(Deque::isEmpty);
    }
}
