package org.ombuds.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;

import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Per-record AES-256-GCM data keys, wrapped by the master AEAD with the key's id as associated data (so a
 * wrapped key cannot be moved to another row). Unwrapped keys are cached briefly in memory, never written.
 */
@Component
class EnvelopeDataKeys implements DataKeys {
    private static final int CACHE = 2048;
    private static final int SPARES = 32;
    private final JdbcClient jdbc;
    private final KeySets keys;
    private final Clock clock;
    /** Wrapped keys prepared but not yet stored (a failed request leaves one behind; it is tiny and harmless). */
    private final Map<String, String> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Aead> unwrapped = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Aead> eldest) {
            return size() > CACHE;
        }
    });

    /** Keys prepared ahead for {@link #create()}: only wrapped and cached in memory, like any prepared key, until stored. */
    private final BlockingQueue<String> spares = new ArrayBlockingQueue<>(SPARES);

    EnvelopeDataKeys(JdbcClient jdbc, KeySets keys, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Called inside write transactions (a case opens in its report's transaction, on SQLite's one writer thread), so
     * the key is taken from the spares that {@link #prepare()} made ahead on request threads: the writer only inserts it.
     */
    @Override
    public String create() {
        String id = spares.poll();
        if (id == null) id = newKey();
        persist(id);
        return id;
    }

    /**
     * A key for a record about to be stored. While the spares run low the caller (a request thread, beside the others)
     * also makes one for {@link #create()}: a report's key and its case's key are made side by side, and nobody waits
     * on a thread that makes keys.
     */
    @Override
    public String prepare() {
        if (spares.size() < SPARES) spares.offer(newKey());
        return newKey();
    }

    private String newKey() {
        try {
            String id = Ids.newId();
            KeysetHandle key = KeysetHandle.generateNew(KeyTemplates.get("AES256_GCM"));
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(key, keys.get().aead(), id.getBytes(StandardCharsets.UTF_8));
            pending.put(id, Base64.getEncoder().encodeToString(wrapped));
            unwrapped.put(id, key.getPrimitive(KeyRing.configuration(), Aead.class));
            return id;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a data key", e);
        }
    }

    @Override
    public void persist(String keyId) {
        String wrapped = pending.get(keyId);
        if (wrapped == null) throw new IllegalStateException("the data key " + keyId + " was not prepared here");
        jdbc.sql("INSERT INTO data_key (id, wrapped, created_at) VALUES (?, ?, ?)").params(keyId, wrapped, clock.millis()).update();
        // Forgotten only once stored: a rolled-back group of reports is written again, report by report, with the same keys.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    pending.remove(keyId);
                }
            });
        } else {
            pending.remove(keyId);
        }
    }

    @Override
    public String seal(String keyId, String plaintext, String context) {
        return Base64.getEncoder().encodeToString(sealBytes(keyId, plaintext.getBytes(StandardCharsets.UTF_8), context));
    }

    @Override
    public String open(String keyId, String sealed, String context) {
        return new String(openBytes(keyId, Base64.getDecoder().decode(sealed), context), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] sealBytes(String keyId, byte[] plaintext, String context) {
        try {
            return key(keyId).encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    @Override
    public byte[] openBytes(String keyId, byte[] sealed, String context) {
        try {
            return key(keyId).decrypt(sealed, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value does not open with its data key (wrong key or altered data)", e);
        }
    }

    @Override
    public void destroy(String keyId) {
        jdbc.sql("UPDATE data_key SET wrapped = NULL, destroyed_at = ? WHERE id = ?").params(clock.millis(), keyId).update();
        unwrapped.remove(keyId);
    }

    private Aead key(String keyId) {
        Aead cached = unwrapped.get(keyId);
        if (cached != null) return cached;
        // A destroyed key's row stays with an empty wrapped value: say so, rather than that there is no key.
        java.util.Optional<String[]> row = jdbc.sql("SELECT wrapped FROM data_key WHERE id = ?").param(keyId)
                .query((r, n) -> new String[] {r.getString(1)}).optional();
        String wrapped = row.orElseThrow(() -> new IllegalStateException("there is no data key " + keyId))[0];
        if (wrapped == null) throw new IllegalStateException("the data key " + keyId + " was destroyed");
        try {
            KeysetHandle key = TinkProtoKeysetFormat.parseEncryptedKeyset(Base64.getDecoder().decode(wrapped), keys.get().aead(),
                    keyId.getBytes(StandardCharsets.UTF_8));
            Aead aead = key.getPrimitive(KeyRing.configuration(), Aead.class);
            unwrapped.put(keyId, aead);
            return aead;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the data key " + keyId + " does not unwrap with the master key set", e);
        }
    }
}
