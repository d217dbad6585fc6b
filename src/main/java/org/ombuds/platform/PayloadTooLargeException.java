package org.ombuds.platform;

import java.io.IOException;

/** A request body went past the configured limit while it was being read. */
public class PayloadTooLargeException extends IOException {
    public PayloadTooLargeException(long limit) {
        super("the request body is larger than the limit of " + limit + " bytes");
    }
}
