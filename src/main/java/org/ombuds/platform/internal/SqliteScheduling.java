package org.ombuds.platform.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler on SQLite: SQLite knows LIMIT rather than ANSI FETCH FIRST, and times are kept as epoch
 * milliseconds like every other time in Ombuds' SQLite database.
 */
final class SqliteScheduling extends DefaultJdbcCustomization {
    SqliteScheduling() {
        super(true);
    }

    @Override
    public String getName() {
        return "SQLite";
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return " LIMIT " + limit;
    }

    @Override
    public void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }

    @Override
    public Instant getInstant(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
