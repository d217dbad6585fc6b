package org.ombuds.platform;

import java.time.Clock;
import java.time.Duration;
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
        OmbudsProperties.Limit setting = limits.get(limit);
        if (setting == null) throw new IllegalArgumentException("no rate limit named " + limit);
        long now = clock.millis();
        long window = setting.window().toMillis();
        Deque<Long> events = windows.computeIfAbsent(limit + "|" + client, key -> new ArrayDeque<>());
        synchronized (events) {
            while (!events.isEmpty() && events.peekFirst() <= now - window) events.pollFirst();
            if (events.size() >= setting.events()) {
                long retry = Math.max(1, Duration.ofMillis(events.peekFirst() + window - now).toSeconds() + 1);
                throw new TooManyRequestsException(retry);
            }
            events.addLast(now);
        }
        if (windows.size() > 100_000) windows.values().removeIf(Deque::isEmpty);
    }
}
