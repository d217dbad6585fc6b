package org.ombuds.platform;

/** What the caller sent cannot be accepted; {@code field} names the input at fault (400, CLI exit 2). */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
