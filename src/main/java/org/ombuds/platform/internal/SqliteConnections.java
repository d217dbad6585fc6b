package org.ombuds.platform.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * SQLite's connections: transactions go to the one writer, or, when read-only, to the readers (Spring's
 * {@link LazyConnectionDataSourceProxy} chooses once the transaction's flag is known). Outside a transaction a
 * connection serves a statement or a few; one whose first statement is a query reads on a reader, and anything that
 * is not a query goes to the writer from then on. Without this a query made while another query's rows are read
 * (a row mapper that looks something up) would need a second writer connection, and wait for it forever.
 */
final class SqliteConnections extends DelegatingDataSource implements AutoCloseable {
    private final HikariDataSource writer;
    private final HikariDataSource readers;

    SqliteConnections(HikariDataSource writer, HikariDataSource readers) {
        LazyConnectionDataSourceProxy routed = new LazyConnectionDataSourceProxy(writer);
        routed.setReadOnlyDataSource(readers);
        setTargetDataSource(routed);
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Routing(obtainTargetDataSource().getConnection(), readers));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public void close() {
        readers.close();
        writer.close();
    }

    /** Whether a statement only reads (conservative: anything but a plain SELECT counts as a write). */
    static boolean reads(String sql) {
        return sql.stripLeading().toLowerCase(Locale.ROOT).startsWith("select");
    }

    private static final class Routing implements InvocationHandler {
        private final Connection routed;
        private final DataSource readers;
        private Connection reader;
        private boolean wrote;

        Routing(Connection routed, DataSource readers) {
            this.routed = routed;
            this.readers = readers;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "SQLite connection (" + (reader != null && !wrote ? "reader" : "writer or transaction") + ")";
                case "close":
                    try {
                        if (reader != null) reader.close();
                    } finally {
                        routed.close();
                    }
                    return null;
                case "prepareStatement":
                    // getAutoCommit on the lazy connection is its recorded setting: true means no transaction began here.
                    if (!wrote && args[0] instanceof String sql && reads(sql) && routed.getAutoCommit()) {
                        if (reader == null) reader = readers.getConnection();
                        return call(reader, method, args);
                    }
                    wrote = true;
                    return call(routed, method, args);
                case "prepareCall":
                case "createStatement":
                    wrote = true;
                    return call(routed, method, args);
                default:
                    return call(routed, method, args);
            }
        }

        private static Object call(Connection target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getTargetException();
            }
        }
    }
}
