package org.ombuds.backup.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.ombuds.platform.InvalidInputException;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;

/**
 * The backup file's encryption. A header (magic bytes, format version, the Argon2id parameters and salt, and a check
 * value that tells a wrong passphrase from a damaged file) is followed by Tink's AES-256-GCM-HKDF streaming
 * ciphertext, 1 MiB segments each authenticated, with the header as associated data so that it cannot be changed
 * either. A reader learns of a changed or cut-off file at the segment where it happens, so whoever unpacks must not
 * trust what it wrote until the stream has been read to its end.
 */
public final class BackupCipher {
    private static final byte[] MAGIC = "OMBUDSBK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    // Stronger than the sign-in passwords' Argon2id: a backup is opened rarely and holds the master key set.
    private static final int MEMORY_KIB = 64 * 1024;
    private static final int ITERATIONS = 3;
    private static final int PARALLELISM = 1;
    // A header that asks for more than this was not written by Ombuds (and must not make the reader run out of memory).
    private static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final int MAX_ITERATIONS = 64;
    private static final int SALT_BYTES = 16;
    private static final int CHECK_BYTES = 32;
    private static final int SEGMENT_BYTES = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCipher() {
    }

    /** The header and stream key of a new backup: a fresh salt, the passphrase's key derived from it. */
    public record Sealing(byte[] header, byte[] streamKey) {
    }

    public static Sealing newSealing(char[] passphrase) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Keys keys = Keys.derive(passphrase, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
        try {
            return new Sealing(header(MEMORY_KIB, ITERATIONS, PARALLELISM, salt, keys.check()), keys.stream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the header to {@code file} and returns the stream that encrypts what follows; closing it closes the file. */
    public static OutputStream encrypting(OutputStream file, Sealing sealing) throws IOException {
        file.write(sealing.header());
        try {
            return streaming(sealing.streamKey()).newEncryptingStream(file, sealing.header());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the backup cannot be encrypted: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the header from {@code file} and returns the decrypted content. Refuses a file that is not a backup and a
     * wrong passphrase at once; a damaged or altered file fails while reading, with {@link DamagedBackupException}.
     */
    public static InputStream decrypting(InputStream file, char[] passphrase) throws IOException {
        var in = new DataInputStream(file);
        int memory;
        int iterations;
        int parallelism;
        byte[] salt;
        byte[] check;
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) throw notABackup();
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new InvalidInputException("file", "this backup has format version " + version + "; this Ombuds reads version " + VERSION);
            }
            memory = in.readInt();
            iterations = in.readInt();
            parallelism = in.readInt();
            salt = new byte[in.readUnsignedByte()];
            in.readFully(salt);
            check = new byte[CHECK_BYTES];
            in.readFully(check);
        } catch (EOFException e) {
            throw notABackup();
        }
        if (memory < 8 || memory > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS || parallelism < 1
                || parallelism > 16 || salt.length < 8) {
            throw notABackup();
        }
        Keys keys = Keys.derive(passphrase, salt, memory, iterations, parallelism);
        if (!MessageDigest.isEqual(check, keys.check())) {
            throw new InvalidInputException("passphrase", "the passphrase does not open this backup (wrong passphrase, or the file's header was altered)");
        }
        try {
            InputStream plaintext = streaming(keys.stream()).newDecryptingStream(file, header(memory, iterations, parallelism, salt, check));
            return new Authenticated(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the backup cannot be decrypted: " + e.getMessage(), e);
        }
    }

    private static InvalidInputException notABackup() {
        return new InvalidInputException("file", "this is not an Ombuds backup (or its header is damaged)");
    }

    private static AesGcmHkdfStreaming streaming(byte[] streamKey) throws GeneralSecurityException {
        return new AesGcmHkdfStreaming(streamKey, "HmacSha256", 32, SEGMENT_BYTES, 0);
    }

    private static byte[] header(int memory, int iterations, int parallelism, byte[] salt, byte[] check) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeByte(VERSION);
        out.writeInt(memory);
        out.writeInt(iterations);
        out.writeInt(parallelism);
        out.writeByte(salt.length);
        out.write(salt);
        out.write(check);
        out.flush();
        return bytes.toByteArray();
    }

    /** Argon2id gives 64 bytes: the first half keys the stream, the second only makes the passphrase check value. */
    private record Keys(byte[] stream, byte[] check) {
        static Keys derive(char[] passphrase, byte[] salt, int memory, int iterations, int parallelism) {
            var generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt).withMemoryAsKB(memory).withIterations(iterations).withParallelism(parallelism).build());
            byte[] secret = utf8(passphrase);
            byte[] derived = new byte[64];
            generator.generateBytes(secret, derived);
            Arrays.fill(secret, (byte) 0);
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(derived, 32, 32, "HmacSHA256"));
                byte[] check = mac.doFinal("ombuds backup passphrase check".getBytes(StandardCharsets.US_ASCII));
                return new Keys(Arrays.copyOf(derived, 32), check);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        }

        private static byte[] utf8(char[] chars) {
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            Arrays.fill(encoded.array(), (byte) 0);
            return bytes;
        }
    }

    /** Tells a failed authentication (a damaged, altered or cut-off file) apart from the reader's own errors. */
    private static final class Authenticated extends FilterInputStream {
        Authenticated(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new DamagedBackupException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new DamagedBackupException(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw new DamagedBackupException(e);
            }
        }
    }
}
