package org.ombuds.platform;

/**
 * The request clashes with what is already recorded, for example a slug in use (409). Like
 * {@link InvalidInputException}, it may carry a {@link #code()} and arguments for pages that translate the message.
 */
public class ConflictException extends RuntimeException {
    private final String field;
    private final String code;
    private final Object[] arguments;

    public ConflictException(String field, String message) {
        this(field, message, null);
    }

    public ConflictException(String field, String message, String code, Object... arguments) {
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
