package org.ombuds.crypto.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.prf.PrfSet;

import org.ombuds.platform.DataFolder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The key sets and their Tink primitives, loaded (or created, on a new instance) on a thread of their own while the
 * rest of the server starts: Tink's set-up is not on the start's path. The first use waits for it; a key set that
 * cannot be used makes the server's health DOWN at once, as it made the start fail before.
 */
@Component
class KeySets implements HealthIndicator {
    record Primitives(KeyRing ring, Aead aead, PrfSet prf) {
    }

    private final CompletableFuture<Primitives> loading;

    KeySets(DataFolder dataFolder) {
        loading = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                KeyRing ring = new KeyRing(dataFolder);
                loading.complete(new Primitives(ring, KeyRing.primitive(ring.aead(), Aead.class), KeyRing.primitive(ring.prf(), PrfSet.class)));
            } catch (RuntimeException | Error e) {
                loading.completeExceptionally(e);
            }
        }, "key-sets");
        loader.setDaemon(true);
        loader.start();
    }

    Primitives get() {
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    /** Health says only UP or DOWN (details are never shown); the reason is in the log of the failed use. */
    @Override
    public Health health() {
        try {
            get();
            return Health.up().build();
        } catch (RuntimeException e) {
            return Health.down().build();
        }
    }
}
