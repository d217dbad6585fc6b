package org.ombuds.backup;

import org.ombuds.backup.internal.BackupCipher;

/**
 * The key a new backup is encrypted with, derived from the passphrase (Argon2id, 64 MiB) before the application
 * starts, so that the derivation's memory is free again by the time the application needs its own.
 */
public final class BackupKey {
    final BackupCipher.Sealing sealing;

    private BackupKey(BackupCipher.Sealing sealing) {
        this.sealing = sealing;
    }

    public static BackupKey fromPassphrase(char[] passphrase) {
        return new BackupKey(BackupCipher.newSealing(passphrase));
    }
}
