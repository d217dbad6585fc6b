package org.ombuds.platform;

import java.util.UUID;

/** Record ids are random UUIDs: they reveal neither order nor count, and cannot be guessed. */
public final class Ids {
    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != 36) return false;
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
