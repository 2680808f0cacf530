package org.tsstore.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB embedded over JDBC as a {@link GrowSubject}: one table {@code (id VARCHAR, value DOUBLE, ts TIMESTAMP)}
 * in a database file, written through its {@link DuckDBAppender} (one {@code flush()}, which commits, per tick
 * or chunk; with {@code sync} a {@code CHECKPOINT} follows every flush), read with prepared SQL. Loads go
 * series by series, so each series lies in few row groups and their zone maps skip the others.
 */
final class DuckGrow implements GrowSubject {

    private static final long MICROS = 1_000_000L;

    private final Connection connection;
    private final DuckDBAppender appender;
    private final boolean sync;
    private final Map<String, PreparedStatement> queries = new HashMap<>();
    private boolean oneSeries;

    DuckGrow(Path dir, boolean sync) {
        this.sync = sync;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("bench.duckdb"));
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE t (id VARCHAR, value DOUBLE, ts TIMESTAMP)");
            }
            appender = ((DuckDBConnection) connection).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open DuckDB in " + dir, e);
        }
    }

    private void commit() throws SQLException {
        appender.flush();
        if (sync) {
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
    }

    private void row(String id, double value, double time) throws SQLException {
        appender.beginRow().append(id).append(value).appendEpochMicros((long) time * MICROS).endRow();
    }

    @Override
    public void appendTick(String[] ids, double time, double[] values) {
        try {
            for (int i = 0; i < ids.length; i++) {
                row(ids[i], values[i], time);
            }
            commit();
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB append of a tick", e);
        }
    }

    @Override
    public void append(String id, double[] times, double[] values, int offset, int length) {
        try {
            for (int i = offset; i < offset + length; i++) {
                row(id, values[i], times[i]);
            }
            commit();
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB append to " + id, e);
        }
    }

    @Override
    public void load(String[] ids, int points) {
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("DELETE FROM t");
            }
            oneSeries = ids.length == 1;
            for (int i = 0; i < ids.length; i++) {
                for (int t = 0; t < points; t++) {
                    row(ids[i], SampleSeries.value(t, i), t);
                }
                appender.flush();
            }
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB load", e);
        }
    }

    private double[] query(String sql, String id, double... times) {
        try {
            PreparedStatement p = queries.get(sql);
            if (p == null) {
                p = connection.prepareStatement(sql);
                queries.put(sql, p);
            }
            int k = 1;
            if (id != null) {
                p.setString(k++, id);
            }
            for (double t : times) {
                p.setLong(k++, (long) t * MICROS);
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                double mean = r.getDouble(2);
                return new double[] {r.getLong(1), r.wasNull() ? Double.NaN : mean};
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB query " + sql + " for " + id, e);
        }
    }

    @Override
    public double[] rangeMean(String id, double from, double to) {
        String range = "ts >= make_timestamp(?::BIGINT) AND ts < make_timestamp(?::BIGINT)";
        if (oneSeries) {
            return query("SELECT count(*), avg(value) FROM t WHERE " + range, null, from, to);
        }
        return query("SELECT count(*), avg(value) FROM t WHERE id = ? AND " + range, id, from, to);
    }

    @Override
    public double[] lastMean(String id, int n) {
        return query("SELECT count(*), avg(value) FROM (SELECT value FROM t WHERE id = ? ORDER BY ts DESC LIMIT " + n + ")", id);
    }

    @Override
    public double[] mean(String id) {
        if (oneSeries) {
            return query("SELECT count(*), avg(value) FROM t", null);
        }
        return query("SELECT count(*), avg(value) FROM t WHERE id = ?", id);
    }

    @Override
    public void close() {
        try {
            for (PreparedStatement p : queries.values()) {
                p.close();
            }
            appender.close();
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB close", e);
        }
    }
}
