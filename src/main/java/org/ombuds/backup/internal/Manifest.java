package org.ombuds.backup.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.ombuds.platform.InvalidInputException;

/**
 * The first entry of a backup: which database it holds ({@code sqlite}, or {@code none} when it was made on PostgreSQL)
 * and which key sets were kept outside it, so a restore can refuse a mismatch before it writes anything.
 */
public record Manifest(Instant madeAt, boolean sqliteDatabase, List<String> keySetsOutside) {
    public static final String ENTRY = "MANIFEST";

    public byte[] bytes() {
        Properties properties = new Properties();
        properties.setProperty("format", "1");
        properties.setProperty("made-at", madeAt.toString());
        properties.setProperty("database", sqliteDatabase ? "sqlite" : "none");
        properties.setProperty("key-sets-outside", String.join(",", keySetsOutside));
        var out = new ByteArrayOutputStream();
        try {
            properties.store(out, "Ombuds backup");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Manifest parse(byte[] bytes) {
        Properties properties = new Properties();
        try {
            properties.load(new ByteArrayInputStream(bytes));
            String outside = properties.getProperty("key-sets-outside", "");
            return new Manifest(Instant.parse(properties.getProperty("made-at")), "sqlite".equals(properties.getProperty("database")),
                    outside.isBlank() ? List.of() : List.of(outside.split(",")));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("file", "this backup has no readable manifest");
        }
    }

}
