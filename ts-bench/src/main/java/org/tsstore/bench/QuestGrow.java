package org.tsstore.bench;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.CommitMode;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * QuestDB embedded ({@link CairoEngine}) as a {@link GrowSubject}: one table {@code (id SYMBOL, value DOUBLE,
 * ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL}, written through its {@link TableWriter} (one
 * {@code commit()} per tick or chunk; {@code sync} sets the commit mode {@link CommitMode#SYNC}, else QuestDB's
 * default {@code NOSYNC}), read with SQL through {@code engine.select}, factories compiled once with bind
 * variables. With {@code indexed} the symbol column carries QuestDB's index, as its docs advise for queries by
 * id. A table that holds one series is queried without an id filter, so {@code avg} runs vectorised.
 */
final class QuestGrow implements GrowSubject {

    private static final long MICROS = 1_000_000L;
    private static final int COMMIT_ROWS = 1_000_000;

    private final CairoEngine engine;
    private final SqlExecutionContextImpl context;
    private final BindVariableServiceImpl binds;
    private final TableWriter writer;
    private final Map<String, RecordCursorFactory> queries = new HashMap<>();
    private boolean oneSeries;

    QuestGrow(Path dir, boolean sync, boolean indexed) {
        DefaultCairoConfiguration configuration = new DefaultCairoConfiguration(dir.toString()) {
            @Override
            public int getCommitMode() {
                return sync ? CommitMode.SYNC : CommitMode.NOSYNC;
            }
        };
        engine = new CairoEngine(configuration);
        binds = new BindVariableServiceImpl(configuration);
        context = new SqlExecutionContextImpl(engine, 1).with(AllowAllSecurityContext.INSTANCE, binds);
        try {
            engine.execute("CREATE TABLE t (id SYMBOL CAPACITY 16384" + (indexed ? " INDEX" : "")
                    + ", value DOUBLE, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL", context);
        } catch (SqlException e) {
            engine.close();
            throw new IllegalStateException("QuestDB create table in " + dir, e);
        }
        writer = engine.getWriter(engine.getTableTokenIfExists("t"), "bench");
    }

    @Override
    public void appendTick(String[] ids, double time, double[] values) {
        long ts = (long) time * MICROS;
        for (int i = 0; i < ids.length; i++) {
            TableWriter.Row row = writer.newRow(ts);
            row.putSym(0, ids[i]);
            row.putDouble(1, values[i]);
            row.append();
        }
        writer.commit();
    }

    @Override
    public void append(String id, double[] times, double[] values, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            TableWriter.Row row = writer.newRow((long) times[i] * MICROS);
            row.putSym(0, id);
            row.putDouble(1, values[i]);
            row.append();
        }
        writer.commit();
    }

    @Override
    public void load(String[] ids, int points) {
        writer.truncate();
        oneSeries = ids.length == 1;
        // in time order, every series at each time: the designated timestamp takes rows in order
        long rows = 0;
        for (int t = 0; t < points; t++) {
            for (int i = 0; i < ids.length; i++) {
                TableWriter.Row row = writer.newRow(t * MICROS);
                row.putSym(0, ids[i]);
                row.putDouble(1, SampleSeries.value(t, i));
                row.append();
                if (++rows % COMMIT_ROWS == 0) {
                    writer.commit();
                }
            }
        }
        writer.commit();
    }

    private double[] query(String sql, String id, long... timestamps) {
        try {
            RecordCursorFactory factory = queries.get(sql);
            if (factory == null) {
                binds.clear();
                if (id != null) {
                    binds.setStr(0, id);
                }
                for (int i = 0; i < timestamps.length; i++) {
                    binds.setTimestamp(i + (id != null ? 1 : 0), timestamps[i]);
                }
                factory = engine.select(sql, context);
                queries.put(sql, factory);
            }
            if (id != null) {
                binds.setStr(0, id);
            }
            for (int i = 0; i < timestamps.length; i++) {
                binds.setTimestamp(i + (id != null ? 1 : 0), timestamps[i]);
            }
            try (RecordCursor cursor = factory.getCursor(context)) {
                if (!cursor.hasNext()) {
                    return new double[] {0, Double.NaN};
                }
                return new double[] {cursor.getRecord().getLong(0), cursor.getRecord().getDouble(1)};
            }
        } catch (SqlException e) {
            throw new IllegalStateException("QuestDB query " + sql + " for " + id, e);
        }
    }

    @Override
    public double[] rangeMean(String id, double from, double to) {
        if (oneSeries) {
            return query("SELECT count(), avg(value) FROM t WHERE ts >= $1 AND ts < $2", null,
                    (long) from * MICROS, (long) to * MICROS);
        }
        return query("SELECT count(), avg(value) FROM t WHERE id = $1 AND ts >= $2 AND ts < $3", id,
                (long) from * MICROS, (long) to * MICROS);
    }

    @Override
    public double[] lastMean(String id, int n) {
        return query("SELECT count(), avg(value) FROM (SELECT value FROM t WHERE id = $1 LIMIT -" + n + ")", id);
    }

    @Override
    public double[] mean(String id) {
        if (oneSeries) {
            return query("SELECT count(), avg(value) FROM t", null);
        }
        return query("SELECT count(), avg(value) FROM t WHERE id = $1", id);
    }

    @Override
    public void close() {
        queries.values().forEach(RecordCursorFactory::close);
        writer.close();
        engine.close();
    }
}
