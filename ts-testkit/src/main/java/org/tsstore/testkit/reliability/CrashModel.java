package org.tsstore.testkit.reliability;

import static org.tsstore.api.SeriesIds.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The crash harness's model of the store: for every id ever written, the states it may be in. An
 * acknowledged operation leaves one state; the operation in flight at a kill adds a second; a check of the
 * store settles each id to the state found.
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
    /** What the operation begun and not yet acknowledged writes: one entry, or one per id of a batch. */
    private Map<String, State> pending;
    private String pendingKind;
    private int pendingOp = -1;
    /** The operation in flight at the last kill, and the states each of its ids had before it. */
    private Map<String, State> lost;
    private String lostKind;
    private Map<String, Set<State>> lostBefore;
    /** The state each id of the lost operation was found in, filled by {@link #check}. */
    private final Map<String, Set<State>> lostFound = new LinkedHashMap<>();
    long ackedAppends;
    long ackedBatches;

    CrashModel(boolean atomicBatches) {
        this.atomicBatches = atomicBatches;
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
                if (before.size() == 1 && before.iterator().next().absent() == removed) {
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
        pending.forEach((id, state) -> candidates.put(id, new LinkedHashSet<>(Set.of(state))));
        pending = null;
    }

    /** Checks every id against the store and settles each to the state found. */
    void check(StorageManager store, int cycle) {
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
            if (lost != null && lost.containsKey(id)) {
                lostFound.put(id, found);
            }
            e.setValue(found);
        }
        if (lost != null) {
            checkLostOperation(cycle);
        }
        lost = null;
        lostFound.clear();
    }

    /**
     * Counts an in-flight operation that landed and, for a batch where the backend declares atomic batches,
     * checks that it landed for every id or for none (ids whose state it would not change say nothing).
     */
    private void checkLostOperation(int cycle) {
        List<String> landed = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Map.Entry<String, State> e : lost.entrySet()) {
            Set<State> found = lostFound.get(e.getKey());
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
        if (atomicBatches && lost.size() > 1 && !landed.isEmpty() && !missed.isEmpty()) {
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
