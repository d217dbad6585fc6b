package org.ombuds.crypto.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;

import org.ombuds.crypto.KeySetSources;
import org.ombuds.platform.DataFolder;

/**
 * Loads the key sets from the environment (OMBUDS_KEYSET_AEAD, OMBUDS_KEYSET_PRF) or from the data folder's
 * {@code keys/} directory, creating them there (mode 0600) on first start. The database never holds a key.
 */
final class KeyRing {
    static final String AEAD_FILE = "master-aead.json";
    static final String PRF_FILE = "handle-prf.json";

    static {
        try {
            AeadConfig.register();
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot be initialised", e);
        }
    }

    private final Path keysDir;

    KeyRing(DataFolder dataFolder) {
        this.keysDir = dataFolder.resolve("keys");
    }

    KeysetHandle aead() {
        return load(KeySetSources.AEAD_VARIABLE, AEAD_FILE, "AES256_GCM");
    }

    KeysetHandle prf() {
        return load(KeySetSources.PRF_VARIABLE, PRF_FILE, "HMAC_SHA256_PRF");
    }

    /**
     * Adds a new AES-256-GCM key to the master key set and makes it the primary; the earlier keys stay, so
     * everything wrapped with them still opens. Returns the new key's id.
     */
    int rotateAead() {
        if (KeySetSources.isSet(KeySetSources.AEAD_VARIABLE)) {
            throw new IllegalStateException("the master key set comes from OMBUDS_KEYSET_AEAD; rotate it where that is kept");
        }
        try {
            KeysetHandle current = aead();
            var builder = com.google.crypto.tink.KeysetHandle.newBuilder(current);
            var added = com.google.crypto.tink.KeysetHandle.generateEntryFromParametersName("AES256_GCM").withRandomId();
            builder.addEntry(added);
            builder.getAt(builder.size() - 1).makePrimary();
            KeysetHandle rotated = builder.build();
            int newId = rotated.getPrimary().getId();
            write(keysDir.resolve(AEAD_FILE), TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get()));
            return newId;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot rotate the master key set: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the master key set", e);
        }
    }

    /** The key set's primitive (an {@code Aead}, a {@code PrfSet}) through Tink's registry. */
    static <P> P primitive(KeysetHandle keys, Class<P> type) {
        try {
            return keys.getPrimitive(configuration(), type);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the key set does not give a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static com.google.crypto.tink.Configuration configuration() {
        try {
            return RegistryConfiguration.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot be initialised", e);
        }
    }

    private KeysetHandle load(String environmentVariable, String fileName, String template) {
        try {
            if (KeySetSources.isSet(environmentVariable)) {
                return TinkJsonProtoKeysetFormat.parseKeyset(System.getenv(environmentVariable), InsecureSecretKeyAccess.get());
            }
            Path file = keysDir.resolve(fileName);
            if (Files.exists(file)) {
                return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
            }
            KeysetHandle created = KeysetHandle.generateNew(KeyTemplates.get(template));
            write(file, TinkJsonProtoKeysetFormat.serializeKeyset(created, InsecureSecretKeyAccess.get()));
            return created;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the key set " + fileName + " is not valid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the key set " + fileName, e);
        }
    }

    private void write(Path file, String json) throws IOException {
        DataFolder.ensure(keysDir);
        Path temporary = Files.createTempFile(keysDir, fileName(file), ".tmp");
        DataFolder.ownerOnly(temporary, "rw-------");
        Files.writeString(temporary, json, StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String fileName(Path file) {
        return file.getFileName().toString();
    }
}
