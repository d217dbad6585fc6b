package org.ombuds.transparency;

/**
 * One published figure: a number (a count of 3 or more, or a median in hours), {@value #SMALL} for a count of 0, 1
 * or 2, or {@value #WITHHELD} where publishing it would let a reader work out a hidden count.
 */
public record Cell(Object value) {
    public static final String SMALL = "<3";
    public static final String WITHHELD = "withheld";
    static final Cell HIDDEN = new Cell(WITHHELD);

    public Cell {
        if (!(value instanceof Integer || value instanceof Double || SMALL.equals(value) || WITHHELD.equals(value))) {
            throw new IllegalArgumentException("not a publishable figure");
        }
    }

    static Cell count(int count) {
        return new Cell(count < 3 ? SMALL : (Object) count);
    }

    public boolean small() {
        return SMALL.equals(value);
    }

    public boolean withheld() {
        return WITHHELD.equals(value);
    }

    /** The number, or null when small or withheld. */
    public Number number() {
        return value instanceof Number number ? number : null;
    }

    /** Read back from stored JSON. */
    static Cell of(Object json) {
        if (json instanceof Number number && !(json instanceof Double || json instanceof Float)) return new Cell(number.intValue());
        if (json instanceof Number number) return new Cell(number.doubleValue());
        return new Cell(json);
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
