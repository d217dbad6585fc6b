package org.ombuds.crypto;

import java.util.List;
import java.util.stream.Stream;

/**
 * Where the key sets come from: files in the data folder's {@code keys/} (the default) or the environment variables
 * below, for deployments that keep secrets outside the data folder. A backup of the data folder holds only the former.
 */
public final class KeySetSources {
    public static final String AEAD_VARIABLE = "OMBUDS_KEYSET_AEAD";
    public static final String PRF_VARIABLE = "OMBUDS_KEYSET_PRF";

    private KeySetSources() {
    }

    /** The key set variables that are set in this process's environment. */
    public static List<String> fromEnvironment() {
        return Stream.of(AEAD_VARIABLE, PRF_VARIABLE).filter(KeySetSources::isSet).toList();
    }

    public static boolean isSet(String variable) {
        String value = System.getenv(variable);
        return value != null && !value.isBlank();
    }
}
