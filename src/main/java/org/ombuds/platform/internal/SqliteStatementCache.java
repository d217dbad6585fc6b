package org.ombuds.platform.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * SQLite compiles every statement it is given, and neither its driver nor Hikari keeps compiled statements: on intake
 * compiling took about a sixth of the one writer's time. Each physical connection here keeps its most recent statements
 * and hands them out again; closing one (as Spring does after each use) only resets it. A statement is used by one
 * caller at a time: asked for again while in use (a query inside a row mapper), the connection compiles a fresh one.
 */
final class SqliteStatementCache extends DelegatingDataSource {
    static final int SIZE = 128;

    SqliteStatementCache(DataSource sqlite) {
        super(sqlite);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical = obtainTargetDataSource().getConnection();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Caching(physical));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    private static final class Caching implements InvocationHandler {
        private final Connection physical;
        private final Map<String, Kept> kept = new LinkedHashMap<>(SIZE, 0.75f, true);

        Caching(Connection physical) {
            this.physical = physical;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("prepareStatement") && args.length == 1) return prepare((String) args[0]);
            if (method.getName().equals("close")) closeAll();
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                if (((Class<?>) args[0]).isInstance(proxy)) return method.getName().equals("unwrap") ? proxy : true;
            }
            return call(physical, method, args);
        }

        private PreparedStatement prepare(String sql) throws SQLException {
            Kept statement = kept.get(sql);
            if (statement != null && statement.compiled.isClosed()) {
                kept.remove(sql);
                statement = null;
            }
            if (statement != null && statement.inUse) return physical.prepareStatement(sql);
            if (statement == null) {
                statement = new Kept(physical.prepareStatement(sql));
                kept.put(sql, statement);
                if (kept.size() > SIZE) evictEldest();
            }
            statement.inUse = true;
            return statement.handed;
        }

        private void evictEldest() throws SQLException {
            var eldest = kept.entrySet().iterator();
            Kept statement = eldest.next().getValue();
            eldest.remove();
            statement.evicted = true;
            if (!statement.inUse) statement.compiled.close();
        }

        private void closeAll() {
            List<Kept> all = new ArrayList<>(kept.values());
            kept.clear();
            for (Kept statement : all) {
                try {
                    statement.compiled.close();
                } catch (SQLException ignored) {
                    // The connection closes next, which releases what is left.
                }
            }
        }
    }

    /** A compiled statement and the handle its user gets, whose {@code close} resets it for the next use. */
    private static final class Kept implements InvocationHandler {
        final PreparedStatement compiled;
        final PreparedStatement handed;
        boolean inUse;
        boolean evicted;
        /** The rows of the last query, closed (if its user did not) before the statement is handed out again. */
        ResultSet rows;

        Kept(PreparedStatement compiled) {
            this.compiled = compiled;
            this.handed = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (inUse) release();
                    return null;
                }
                case "isClosed" -> {
                    return !inUse || compiled.isClosed();
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "executeQuery", "getResultSet" -> {
                    Object result = call(compiled, method, args);
                    rows = (ResultSet) result;
                    return result;
                }
                default -> {
                    return call(compiled, method, args);
                }
            }
        }

        private void release() throws SQLException {
            inUse = false;
            if (evicted) {
                compiled.close();
                return;
            }
            try {
                // An unfinished query keeps its read snapshot open in SQLite until its statement is reset.
                if (rows != null && !rows.isClosed()) rows.close();
                rows = null;
                compiled.clearParameters();
                compiled.clearBatch();
            } catch (SQLException unusable) {
                compiled.close();
                throw unusable;
            }
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
