package org.ombuds.intake.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What kinds of file a report may carry, recognised by their content (never by the name or the type the
 * browser claims): images, PDF and plain text. Anything else could carry active content.
 */
final class AttachmentTypes {
    private AttachmentTypes() {
    }

    static Optional<String> detect(byte[] bytes) {
        if (startsWith(bytes, 0x89, 'P', 'N', 'G')) return Optional.of("image/png");
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) return Optional.of("image/jpeg");
        if (startsWith(bytes, 'G', 'I', 'F', '8')) return Optional.of("image/gif");
        if (startsWith(bytes, 'R', 'I', 'F', 'F') && bytes.length > 12 && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B'
                && bytes[11] == 'P') return Optional.of("image/webp");
        if (startsWith(bytes, '%', 'P', 'D', 'F', '-')) return Optional.of("application/pdf");
        if (isText(bytes)) return Optional.of("text/plain");
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }

    private static boolean isText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
