package org.ombuds.coc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Code of Conduct shipped inside the jar, adopted by a new instance's first community. */
final class DefaultCode {
    private DefaultCode() {
    }

    static String text() {
        try (InputStream in = DefaultCode.class.getResourceAsStream("/coc/CODE_OF_CONDUCT.md")) {
            if (in == null) throw new IllegalStateException("the default Code is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
