package org.ombuds.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reading the columns Ombuds stores its own way: a moment is epoch milliseconds, and a missing one is NULL. */
public final class Rows {
    private Rows() {
    }

    /** The moment in the column, or null when it holds none. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
