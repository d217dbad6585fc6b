package org.ombuds.platform;

/**
 * The caller may not do this, for a reason a person can act on (403): a rule of the process refuses it, such as
 * "only an admin recuses someone else". {@code field} names the input at fault, if any, so forms can mark it.
 */
public class RefusedException extends RuntimeException {
    private final String field;

    public RefusedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
