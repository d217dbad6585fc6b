package org.ombuds.platform;

/**
 * What the caller sent cannot be accepted; {@code field} names the input at fault (400, CLI exit 2). The message is
 * English (the API's problem detail); pages in other languages translate it through {@link #code()} and
 * {@link #arguments()}, falling back to the message.
 */
public class InvalidInputException extends RuntimeException {
    private final String field;
    private final String code;
    private final Object[] arguments;

    public InvalidInputException(String field, String message) {
        this(field, message, null);
    }

    /** With a {@code code} (the field's name when null) and the arguments a translated message needs. */
    public InvalidInputException(String field, String message, String code, Object... arguments) {
        super(message);
        this.field = field;
        this.code = code;
        this.arguments = arguments == null ? new Object[0] : arguments.clone();
    }

    public String field() {
        return field;
    }

    /** What went wrong, for looking up a translated message: the field's name unless a more precise code was given. */
    public String code() {
        return code != null ? code : field;
    }

    public Object[] arguments() {
        return arguments.clone();
    }
}
