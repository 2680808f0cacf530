package org.tsstore.testkit.reliability;

import static org.tsstore.api.SeriesIds.quote;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The model of a store that crashed, and the judge of what it serves after reopening: for every id ever
 * written, the states it may be in. An acknowledged operation leaves one state; the operation in flight at
 * the crash adds a second; a check of the store settles each id to the state found. The
 * {@link CrashHarness} (SIGKILL) and the {@link PowerLossCheck} with {@code durability=sync} judge so.
 *
 * <p>With {@code olderAllowed} (a power loss under {@code durability=os}) an acknowledged operation adds a
 * state instead: each id may be found in any state it had (absent before its first write included), or be
 * refused with a {@link StorageException}; what was lost is counted by kind; and with atomic batches every
 * batch, acknowledged or not, must be found whole or not at all.
 */
final class CrashModel {

    /** Absent, or a version of some size. */
    record State(long version, int size) {
        static final State ABSENT = new State(-1, -1);

        boolean absent() {
            return version < 0;
        }

        ArrayTimeSeries series(String id) {
            return CrashSeries.of(id, version, size);
        }

        @Override
        public String toString() {
            return absent() ? "absent" : "version " + version + " (" + size + " points)";
        }
    }

    private final Map<String, Set<State>> candidates = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    /** What the last child printed to standard output besides the protocol, for diagnosis. */
    final List<String> noise = new ArrayList<>();

    long ackedStores;
    long ackedDeletes;
    int inFlight;
    int inFlightLanded;
    long idChecks;
    long pointsChecked;

    private final boolean atomicBatches;
    private final boolean olderAllowed;
    /** The last acknowledged state of each id, to tell what a state lost. */
    private final Map<String, State> latest = new TreeMap<>();
    /** With olderAllowed: every state each id had, in order, and every batch with its place in them. */
    private final Map<String, List<State>> history = new TreeMap<>();
    private final List<Batch> batches = new ArrayList<>();
    /** With olderAllowed, per id per check: an acknowledged series found absent, found older, refused. */
    long lostAbsent;
    long lostOlder;
    long lostRefused;
    /** Checks whose verify() reported damage (allowed only by {@link #checkReopened} with damageAllowed). */
    long damageReported;
    /** Checks made while an operation was in flight, and of those, how many found it landed. */
    long inFlightChecked;
    /**
     * With olderAllowed: whether an acknowledged batch found half there is a violation, or (by default, since
     * the write was not forced) a loss, counted here with the first one described.
     */
    boolean acknowledgedBatchesAtomic;
    /**
     * Whether the state the run went on from refused some read: the store knows it lost records, so whether
     * a delete of an id not written since finds something there (a record it may have lost) is its to say.
     */
    private boolean settledWithRefusals;
    /** Ids written since the last settled state. */
    private final Set<String> writtenSinceSettled = new HashSet<>();
    /** With olderAllowed: whether the batch in flight found half there is a violation (by default) or a loss. */
    boolean inFlightBatchesAtomic = true;
    long halfBatches;
    String halfBatchExample;

    /** A batch of the run, and where its state of each id lies in that id's history. */
    private record Batch(String kind, boolean acknowledged, Map<String, Integer> positions) {}
    /** What the operation begun and not yet acknowledged writes: one entry, or one per id of a batch. */
    private Map<String, State> pending;
    private String pendingKind;
    private int pendingOp = -1;
    /** The operation in flight at the last kill, and the states each of its ids had before it. */
    private Map<String, State> lost;
    private String lostKind;
    private Map<String, Set<State>> lostBefore;
    long ackedAppends;
    long ackedBatches;

    CrashModel(boolean atomicBatches) {
        this(atomicBatches, false);
    }

    CrashModel(boolean atomicBatches, boolean olderAllowed) {
        this.atomicBatches = atomicBatches;
        this.olderAllowed = olderAllowed;
    }

    List<String> violations() {
        return violations;
    }

    /** Applies the complete lines a killed child printed. Returns whether it reached READY. */
    boolean apply(List<String> lines, int cycle) {
        boolean ready = false;
        pending = null;
        noise.clear();
        for (String line : lines) {
            if (!line.startsWith(CrashChild.PREFIX)) {
                noise.add(line);
                continue;
            }
            String[] f = line.substring(CrashChild.PREFIX.length()).split(" ");
            switch (f[0]) {
                case "READY":
                    ready = true;
                    break;
                case "BEGIN":
                    pendingOp = Integer.parseInt(f[1]);
                    pendingKind = f[2];
                    pending = begun(f);
                    for (String id : pending.keySet()) {
                        candidates.computeIfAbsent(id, x -> new LinkedHashSet<>(Set.of(State.ABSENT)));
                        history.computeIfAbsent(id, x -> new ArrayList<>(List.of(State.ABSENT)));
                    }
                    break;
                case "ACK":
                    ack(f, cycle);
                    break;
                case "FAIL":
                    violations.add("cycle " + cycle + ": the child failed at operation " + f[1] + ": "
                            + CrashChild.decode(f[2]));
                    break;
                case "DONE":
                    break;
                default:
                    violations.add("cycle " + cycle + ": the child printed an unknown line: " + line);
                    break;
            }
        }
        if (pending != null) {
            lost = pending;
            lostKind = pendingKind;
            lostBefore = new LinkedHashMap<>();
            for (Map.Entry<String, State> e : pending.entrySet()) {
                lostBefore.put(e.getKey(), Set.copyOf(candidates.get(e.getKey())));
                candidates.get(e.getKey()).add(e.getValue());
                history.get(e.getKey()).add(e.getValue());
            }
            if (olderAllowed && pending.size() > 1) {
                batches.add(batch(pendingKind + " (operation " + pendingOp + " of cycle " + cycle + ", in flight)", pending));
            }
            inFlight++;
        } else {
            lost = null;
        }
        return ready;
    }

    /** The states a BEGIN line's operation leaves, by id. */
    private static Map<String, State> begun(String[] f) {
        Map<String, State> states = new LinkedHashMap<>();
        switch (f[2]) {
            case "STORE":
                states.put(CrashChild.decode(f[3]), new State(Long.parseLong(f[4]), Integer.parseInt(f[5])));
                break;
            case "DELETE":
                states.put(CrashChild.decode(f[3]), State.ABSENT);
                break;
            case "APPEND":
                states.put(CrashChild.decode(f[3]), new State(Long.parseLong(f[4]), Integer.parseInt(f[6])));
                break;
            case "STOREALL":
                for (int i = 0, k = 4; i < Integer.parseInt(f[3]); i++, k += 3) {
                    states.put(CrashChild.decode(f[k]), new State(Long.parseLong(f[k + 1]), Integer.parseInt(f[k + 2])));
                }
                break;
            case "APPENDALL":
                for (int i = 0, k = 4; i < Integer.parseInt(f[3]); i++, k += 4) {
                    states.put(CrashChild.decode(f[k]), new State(Long.parseLong(f[k + 1]), Integer.parseInt(f[k + 3])));
                }
                break;
            default:
                throw new IllegalArgumentException("an unknown operation " + f[2]);
        }
        return states;
    }

    private void ack(String[] f, int cycle) {
        int op = Integer.parseInt(f[1]);
        if (pending == null || op != pendingOp) {
            violations.add("cycle " + cycle + ": the child acknowledged operation " + op + " it had not begun");
            return;
        }
        switch (pendingKind) {
            case "DELETE": {
                ackedDeletes++;
                String id = pending.keySet().iterator().next();
                Set<State> before = candidates.get(id);
                boolean removed = Boolean.parseBoolean(f[2]);
                boolean undetermined = settledWithRefusals && !writtenSinceSettled.contains(id);
                if (!undetermined && before.size() == 1
                        && before.iterator().next().absent() == removed) {
                    violations.add("cycle " + cycle + ": delete(" + quote(id) + ") returned " + removed + ", but the "
                            + "series was " + before.iterator().next());
                }
                break;
            }
            case "APPEND":
                ackedAppends++;
                break;
            case "STOREALL":
            case "APPENDALL":
                ackedBatches++;
                break;
            default:
                ackedStores++;
                break;
        }
        for (Map.Entry<String, State> e : pending.entrySet()) {
            writtenSinceSettled.add(e.getKey());
            latest.put(e.getKey(), e.getValue());
            if (olderAllowed) {
                candidates.get(e.getKey()).add(e.getValue());
                history.get(e.getKey()).add(e.getValue());
            } else {
                candidates.put(e.getKey(), new LinkedHashSet<>(Set.of(e.getValue())));
            }
        }
        if (olderAllowed && pending.size() > 1) {
            batches.add(batch(pendingKind + " (operation " + op + " of cycle " + cycle + ", acknowledged)", pending));
        }
        pending = null;
    }

    /** A batch just added to the history of each of its ids. */
    private Batch batch(String kind, Map<String, State> states) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (String id : states.keySet()) {
            positions.put(id, history.get(id).size() - 1);
        }
        return new Batch(kind, kind.endsWith("acknowledged)"), positions);
    }

    /** Checks every id against the store and settles each to the state found. */
    void check(StorageManager store, int cycle) {
        check(store, cycle, true);
    }

    /**
     * Checks every id against the store. With {@code settle}, each id's possible states become the ones
     * found (without olderAllowed) and the operation in flight is forgotten; without it, the model is left
     * as it was, so that other states of the same crash can be judged against it.
     */
    void check(StorageManager store, int cycle, boolean settle) {
        Map<String, Set<State>> foundById = new LinkedHashMap<>();
        boolean anyRefused = false;
        Set<String> ids = store.ids();
        for (String id : ids) {
            if (!candidates.containsKey(id)) {
                violations.add("cycle " + cycle + ": ids() lists " + quote(id) + ", which was never written");
            }
        }
        for (Map.Entry<String, Set<State>> e : candidates.entrySet()) {
            String id = e.getKey();
            Set<State> possible = e.getValue();
            idChecks++;
            SizedContainerTimeSeries got;
            try {
                got = store.get(id);
            } catch (NoSuchSeriesException missing) {
                got = null;
            } catch (StorageException refused) {
                if (olderAllowed) {
                    lostRefused++; // lost, and said so: never served wrong
                    anyRefused = true;
                    continue;
                }
                violations.add("cycle " + cycle + ": get(" + quote(id) + ") refused, expected " + describe(possible)
                        + ": " + refused);
                continue;
            } catch (RuntimeException failure) {
                violations.add("cycle " + cycle + ": get(" + quote(id) + ") failed, expected " + describe(possible) + ": "
                        + failure);
                continue;
            }
            if (ids.contains(id) != (got != null)) {
                violations.add("cycle " + cycle + ": ids() " + (ids.contains(id) ? "lists " : "lacks ") + quote(id)
                        + ", but get found " + (got == null ? "nothing" : "a series"));
            }
            // several states may read the same (two versions of an empty series): keep every one that does
            Set<State> found = new LinkedHashSet<>();
            for (State state : possible) {
                if (got == null ? state.absent() : !state.absent() && state.series(id).equals(got)) {
                    found.add(state);
                }
            }
            if (found.isEmpty()) {
                boolean deleted = possible.stream().allMatch(State::absent);
                violations.add("cycle " + cycle + ": " + quote(id) + " should be " + describe(possible) + ", but "
                        + (got == null ? "it is missing: an acknowledged store was lost"
                                : deleted ? "it is there, an acknowledged delete was lost: " + got + identify(id, got)
                                : "it reads back wrong: " + got + identify(id, got)));
                continue;
            }
            if (got != null) {
                pointsChecked += got.size();
            }
            State last = latest.getOrDefault(id, State.ABSENT);
            boolean landed = lost != null && lost.containsKey(id) && found.contains(lost.get(id));
            if (!found.contains(last) && !landed) {
                if (got == null) {
                    lostAbsent++;
                } else {
                    lostOlder++;
                }
            }
            foundById.put(id, found);
        }
        if (lost != null) {
            checkLostOperation(cycle, foundById);
        }
        if (atomicBatches) {
            checkBatches(cycle, foundById);
        }
        if (settle) {
            settledWithRefusals = anyRefused;
            writtenSinceSettled.clear();
            for (Map.Entry<String, Set<State>> e : foundById.entrySet()) {
                Set<State> found = e.getValue();
                if (!found.contains(latest.getOrDefault(e.getKey(), State.ABSENT))) {
                    // the state found is what the store holds now: the in-flight one, or an older one it fell back to
                    State inFlight = lost == null ? null : lost.get(e.getKey());
                    latest.put(e.getKey(), inFlight != null && found.contains(inFlight) ? inFlight : found.iterator().next());
                }
            }
            if (!olderAllowed) {
                candidates.putAll(foundById);
            }
            lost = null;
        }
    }

    /**
     * With olderAllowed and atomic batches: every batch of the run must be found whole or not at all. An id
     * found in the batch's state says it landed (unless that state reads like an earlier or a later one,
     * as every empty version of a series does); an id found
     * only in states it had before the batch, and never after it, says it did not (for an append, only if
     * the version it extends is there).
     */
    private void checkBatches(int cycle, Map<String, Set<State>> foundById) {
        for (Batch b : batches) {
            List<String> landed = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            for (Map.Entry<String, Integer> e : b.positions().entrySet()) {
                Set<State> found = foundById.get(e.getKey());
                if (found == null) {
                    continue; // refused: tells nothing
                }
                List<State> states = history.get(e.getKey());
                int at = e.getValue();
                boolean reached = found.contains(states.get(at));
                boolean before = false;
                boolean after = false;
                for (int i = 0; i < states.size(); i++) {
                    if (i != at && found.contains(states.get(i))) {
                        before |= i < at;
                        after |= i > at;
                    }
                }
                // An append's points need the series they extend: found without the version it extends, an
                // earlier write was lost, which says nothing about this batch.
                boolean extendsFound = !b.kind().startsWith("APPENDALL")
                        || found.stream().anyMatch(f -> f.version() == states.get(at).version());
                if (reached && !before && !after) {
                    landed.add(quote(e.getKey()));
                } else if (!reached && before && !after && extendsFound) {
                    missed.add(quote(e.getKey()) + " (found " + describe(found) + ", not " + states.get(at) + ")");
                }
            }
            if (!landed.isEmpty() && !missed.isEmpty()) {
                String what = "the " + b.kind() + " is half there after the power loss: it landed for " + landed
                        + " but not for " + missed;
                if (b.acknowledged() ? !acknowledgedBatchesAtomic : !inFlightBatchesAtomic) {
                    halfBatches++; // a write that was not forced may be lost, in part too
                    if (halfBatchExample == null) {
                        halfBatchExample = "cycle " + cycle + ": " + what;
                    }
                } else {
                    violations.add("cycle " + cycle + ": " + what + ", and the backend declares atomic batches");
                }
            }
        }
    }

    /**
     * Checks a store reopened after the crash: {@link #check} of every id, then {@code verify()}, which must
     * find no damage unless {@code damageAllowed} (then damage is counted), then a new write, which must
     * read back equal, and a delete.
     *
     * @param event what happened, for messages, such as {@code "the kill"}
     */
    void checkReopened(StorageManager store, int cycle, boolean settle, boolean damageAllowed, String event) {
        try {
            check(store, cycle, settle);
            IntegrityReport integrity = store.verify();
            if (!integrity.isClean()) {
                if (damageAllowed) {
                    damageReported++;
                } else {
                    // a crash is not damage: whatever it tore, the backend must have cut off or rolled back on open
                    violations.add("cycle " + cycle + ": verify() reports damage after " + event + ": "
                            + integrity.damage());
                }
            }
            String probe = "crash-probe";
            SizedContainerTimeSeries series = ArrayTimeSeries.of(new double[] {cycle, cycle + 1.5},
                    new double[] {Double.NaN, -cycle});
            try {
                store.store(probe, series);
                if (!series.equals(store.get(probe)) || !store.delete(probe) || store.contains(probe)) {
                    violations.add("cycle " + cycle + ": after " + event + ", a new series did not read back "
                            + "equal or did not delete");
                }
            } catch (RuntimeException e) {
                violations.add("cycle " + cycle + ": after " + event + ", the store refuses a new write: " + e);
            }
        } catch (RuntimeException e) {
            violations.add("cycle " + cycle + ": checking the store after " + event + " failed: " + e);
        }
    }

    /**
     * Counts an in-flight operation that landed and, for a batch where the backend declares atomic batches,
     * checks that it landed for every id or for none (ids whose state it would not change say nothing).
     */
    private void checkLostOperation(int cycle, Map<String, Set<State>> foundById) {
        List<String> landed = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        inFlightChecked++;
        for (Map.Entry<String, State> e : lost.entrySet()) {
            Set<State> found = foundById.get(e.getKey());
            Set<State> before = lostBefore.get(e.getKey());
            if (found == null || before.contains(e.getValue())) {
                continue;
            }
            boolean reachedAfter = found.contains(e.getValue());
            boolean mayBeBefore = found.stream().anyMatch(before::contains);
            if (reachedAfter && mayBeBefore) {
                continue; // the old and the new state read the same: this id tells nothing
            }
            (reachedAfter ? landed : missed).add(quote(e.getKey()));
        }
        if (!landed.isEmpty()) {
            inFlightLanded++;
        }
        if (atomicBatches && !olderAllowed && lost.size() > 1 && !landed.isEmpty() && !missed.isEmpty()) {
            violations.add("cycle " + cycle + ": a " + lostKind + " cut by the kill is half there: it landed for "
                    + landed + " but not for " + missed + ", and the backend declares atomic batches");
        }
    }

    /** Which version a wrong read looks like, from the code in its first value. */
    private static String identify(String id, SizedContainerTimeSeries got) {
        if (got.size() == 0 || !Double.isFinite(got.value(0))) {
            return "";
        }
        double code = got.value(0);
        long version = (long) Math.floor(code / 1024.0);
        boolean sameId = code - version * 1024.0 == (id.hashCode() & 0x3ff);
        return version > 0 && CrashSeries.of(id, version, got.size()).equals(got) ? ", which is version " + version
                : sameId ? ", which looks like a damaged version " + version : ", which looks like another id's series";
    }

    private static String describe(Set<State> states) {
        return states.size() == 1 ? states.iterator().next().toString()
                : states.stream().map(State::toString).collect(Collectors.joining(" or ", "either ", ""));
    }
}
