package org.tsstore.testkit.reliability;

import static org.tsstore.api.SeriesIds.quote;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.ProviderLookup;
import org.tsstore.testkit.reliability.CorruptionReport.Outcome;

/**
 * Judges one damaged store of a {@link CorruptionCampaign} against the model of what was stored: opens
 * it, runs {@code verify()}, reads every id ever stored, probes a write and closes it, and names the
 * {@link Outcome} (intact, reported, refused on open) or reports each violation to the case.
 */
final class CaseJudge {

    private static final String CLEAN = "while verify() reports the store clean";

    private final int index;
    private final Path dir;
    private final Set<String> culprits;
    private final Set<String> names;
    private final Map<String, ArrayTimeSeries> model;
    private final Consumer<String> sink;
    private int violations;
    private long seriesChecked;
    private long readsRefused;
    private long seriesMissing;
    private ArrayTimeSeries probeStored;

    /**
     * A judge of one case.
     *
     * @param index the case number, which the probe write puts in its values
     * @param dir the store directory (which an error may name instead of a file), or null for a remote store
     * @param culprits the names of the damaged sites, one of which every refusal must mention
     * @param names the names of every site of the store, one of which an error of close or write must mention
     * @param model what the store held before the damage, by id
     * @param sink takes each violation
     */
    CaseJudge(int index, Path dir, Set<String> culprits, Set<String> names, Map<String, ArrayTimeSeries> model,
            Consumer<String> sink) {
        this.index = index;
        this.dir = dir;
        this.culprits = culprits;
        this.names = names;
        this.model = model;
        this.sink = sink;
    }

    /** Series read back (equal or not). */
    long seriesChecked() {
        return seriesChecked;
    }

    /** Reads refused with a {@link StorageException} that names a damaged site. */
    long readsRefused() {
        return readsRefused;
    }

    /**
     * What the store holds now by id: the model, and the probe series if the judge stored one.
     *
     * @return a new map
     */
    Map<String, ArrayTimeSeries> heldNow() {
        Map<String, ArrayTimeSeries> held = new java.util.LinkedHashMap<>(model);
        if (probeStored != null) {
            held.put(PROBE_ID, probeStored);
        }
        return held;
    }

    /** The id of the series the judge stores to see that a damaged store still takes writes. */
    static final String PROBE_ID = "corruption-probe";

    /** Stored series answered absent: each one is a violation. */
    long seriesMissing() {
        return seriesMissing;
    }

    /**
     * Opens the damaged store, checks it and closes it.
     *
     * @return the outcome, or null if there was a violation
     */
    Outcome judge(URI uri, Map<String, String> options) {
        StorageManager store;
        try {
            store = ProviderLookup.open(uri, options);
        } catch (StorageException e) {
            if (namesOneOf(e, culprits)) {
                return Outcome.REFUSED_ON_OPEN;
            }
            violation("opening threw a StorageException that does not name the damaged file: " + describe(e));
            return null;
        } catch (Throwable e) {
            violation("opening threw " + describe(e));
            return null;
        }
        try {
            return check(store);
        } finally {
            try {
                store.close();
            } catch (StorageException e) {
                // Closing a damaged store may fail, as long as it says why.
                if (!namesOneOf(e, names)) {
                    violation("close() threw a StorageException that names no file: " + describe(e));
                }
            } catch (Throwable e) {
                violation("close() threw " + describe(e));
            }
        }
    }

    private Outcome check(StorageManager store) {
        IntegrityReport report;
        try {
            report = store.verify();
        } catch (StorageException e) {
            if (namesOneOf(e, culprits)) {
                return checkReads(store, null);
            }
            violation("verify() threw a StorageException that does not name the damaged file: " + describe(e));
            return null;
        } catch (Throwable e) {
            violation("verify() threw " + describe(e));
            return null;
        }
        for (IntegrityReport.Damage d : report.damage()) {
            // the location may be unknown (empty), but then the problem must say where
            String where = d.location() + " " + d.problem();
            if (d.problem().isBlank() || culprits.stream().noneMatch(where::contains)) {
                violation("verify() reported damage that does not name the damaged file " + culprits + ": " + d);
            }
        }
        return checkReads(store, report);
    }

    /** Reads every series; {@code report} is null when verify() itself refused with a StorageException. */
    private Outcome checkReads(StorageManager store, IntegrityReport report) {
        boolean damageKnown = report == null || !report.isClean();
        Set<String> listed;
        boolean listedKnown = true;
        try {
            listed = store.ids();
        } catch (StorageException e) {
            if (!namesOneOf(e, culprits)) {
                violation("ids() threw a StorageException that does not name the damaged file: " + describe(e));
            } else if (!damageKnown) {
                violation("ids() refused " + CLEAN + ": " + e.getMessage());
            }
            listed = Set.of();
            listedKnown = false;
        } catch (Throwable e) {
            violation("ids() threw " + describe(e));
            return null;
        }
        // every id ever stored, so that a deleted series that comes back is seen even if ids() hides it
        Set<String> all = new TreeSet<>(CampaignHistory.ID_POOL);
        all.addAll(model.keySet());
        all.addAll(listed);
        int before = violations;
        for (String id : all) {
            checkRead(store, id, listed, listedKnown, damageKnown);
            if (model.containsKey(id)) {
                checkStillKnown(store, id);
            }
        }
        probeWrite(store);
        if (violations > before) {
            return null;
        }
        return damageKnown ? Outcome.REPORTED : Outcome.INTACT;
    }

    private void checkRead(StorageManager store, String id, Set<String> listed, boolean listedKnown,
            boolean damageKnown) {
        ArrayTimeSeries expected = model.get(id);
        try {
            SizedContainerTimeSeries got = store.get(id);
            ArrayTimeSeries copy = ArrayTimeSeries.copyOf(got);
            seriesChecked++;
            if (expected == null) {
                violation("get(" + quote(id) + ") returned a series of " + copy.size() + " points, but "
                        + quote(id) + (CampaignHistory.mayHaveStored(id) ? " was deleted" : " was never stored"));
            } else if (!expected.equals(copy) || got.size() != expected.size()) {
                violation("get(" + quote(id) + ") returned a different series: expected " + expected.size()
                        + " points, got " + copy.size() + (copy.size() == expected.size()
                                ? " with different times or values" : ""));
            } else if (listedKnown && !listed.contains(id)) {
                violation("get(" + quote(id) + ") reads it, but ids() does not list it");
            }
        } catch (NoSuchSeriesException e) {
            if (expected != null) {
                // damage may lose a series, but a store that may have lost it must refuse it, not deny it
                seriesMissing++;
                violation("get(" + quote(id) + ") answers that there is no such series, though it was stored"
                        + (damageKnown ? " (a damaged store must refuse an id it may have lost, naming the damage)"
                                : " " + CLEAN));
            }
            if (listed.contains(id)) {
                violation("ids() lists " + quote(id) + " but get() says there is no such series");
            }
        } catch (StorageException e) {
            readsRefused++;
            if (!namesOneOf(e, culprits)) {
                violation("get(" + quote(id) + ") threw a StorageException that does not name the damaged file: "
                        + describe(e));
            } else if (!damageKnown) {
                violation("get(" + quote(id) + ") refused " + CLEAN + ": " + e.getMessage());
            } else if (expected == null && listed.contains(id)) {
                // refusing to read a deleted id is fine (its tombstone may be what was damaged); listing it is not
                violation("ids() lists " + quote(id) + ", which was "
                        + (CampaignHistory.mayHaveStored(id) ? "deleted" : "never stored"));
            }
        } catch (Throwable e) {
            violation("get(" + quote(id) + ") threw " + describe(e));
        }
    }

    /** {@code contains} and {@code size} of a stored id: true and right, or refused naming the damage. */
    private void checkStillKnown(StorageManager store, String id) {
        int stored = model.get(id).size();
        String contains = "contains(" + quote(id) + ")";
        String size = "size(" + quote(id) + ")";
        answerOrRefusal(contains, () -> store.contains(id) ? null : contains + " is false, though it was stored");
        answerOrRefusal(size, () -> {
            int got = store.size(id);
            return got == stored ? null : size + " is " + got + ", but " + stored + " points were stored";
        });
    }

    /** Runs a question; its wrong answer (non-null) or any failure but a refusal naming the damage is a violation. */
    private void answerOrRefusal(String call, java.util.function.Supplier<String> wrongAnswer) {
        try {
            String wrong = wrongAnswer.get();
            if (wrong != null) {
                violation(wrong);
            }
        } catch (StorageException e) {
            if (!namesOneOf(e, culprits)) {
                violation(call + " threw a StorageException that does not name the damaged file: " + describe(e));
            }
        } catch (Throwable e) {
            violation(call + " threw " + describe(e));
        }
    }

    /** A damaged store must still take a new series, or refuse it clearly. */
    private void probeWrite(StorageManager store) {
        ArrayTimeSeries probe = ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {index, -0.0, Double.NaN});
        String id = PROBE_ID;
        try {
            store.store(id, probe);
        } catch (StorageException e) {
            if (!namesOneOf(e, names) && (dir == null || !messages(e).contains(dir.toString()))) {
                violation("store() of a new series threw a StorageException that names no file: " + describe(e));
            }
            return;
        } catch (Throwable e) {
            violation("store() of a new series threw " + describe(e));
            return;
        }
        try {
            if (!probe.equals(ArrayTimeSeries.copyOf(store.get(id)))) {
                violation("a series stored after opening the damaged store reads back different");
            } else {
                probeStored = probe;
            }
        } catch (RuntimeException e) {
            violation("a series stored after opening the damaged store cannot be read: " + describe(e));
        }
    }

    private void violation(String what) {
        violations++;
        sink.accept(what);
    }

    private static boolean namesOneOf(Throwable e, Set<String> siteNames) {
        String text = messages(e);
        return siteNames.stream().anyMatch(text::contains);
    }

    /** The throwable and its causes, for a violation's message. */
    static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            s.append(" / caused by ").append(c);
        }
        return s.toString();
    }

    /** Every message in the chain, which together should name the file at fault. */
    private static String messages(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            s.append(c.getMessage()).append('\n');
        }
        return s.toString();
    }
}
