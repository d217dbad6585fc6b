package org.ombuds.crypto;

/**
 * Envelope encryption: every record gets its own data key, stored only wrapped by the master key (which lives
 * outside the database). Destroying a record's data key makes its content unreadable everywhere, backups included.
 */
public interface DataKeys {
    /** A new data key, stored; returns its id. Call inside the transaction that stores the record. */
    String create();

    /**
     * A new data key that can seal at once but is not stored yet, so the costly work happens outside the
     * write transaction; {@link #persist} it inside the transaction that stores the record.
     */
    String prepare();

    void persist(String keyId);

    String seal(String keyId, String plaintext, String context);

    String open(String keyId, String sealed, String context);

    byte[] sealBytes(String keyId, byte[] plaintext, String context);

    byte[] openBytes(String keyId, byte[] sealed, String context);

    /** Crypto-shredding: the key is gone, so is everything sealed with it. */
    void destroy(String keyId);
}
