package org.ombuds.platform;

/** The record does not exist, or the caller may not know that it does (404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
