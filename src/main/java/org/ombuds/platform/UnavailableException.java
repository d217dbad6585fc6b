package org.ombuds.platform;

/** Something Ombuds depends on (the mail server) did not take the request; nothing was recorded, try again. */
public class UnavailableException extends RuntimeException {
    public UnavailableException(String message) {
        super(message);
    }
}
