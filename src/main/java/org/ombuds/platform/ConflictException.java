package org.ombuds.platform;

/** The request clashes with what is already recorded, for example a slug in use (409). */
public class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
