package org.ombuds.cases.internal;

import org.ombuds.cases.ReadingCases;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Evidence files always download, never render in the page: they come from outside. */
final class Downloads {
    private Downloads() {
    }

    static ResponseEntity<byte[]> attachment(ReadingCases.AttachmentFile file) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .body(file.content());
    }
}
