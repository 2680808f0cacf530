package org.tsstore.testkit.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the logs of a {@link LiveReaderCheck}: the writer's ({@link LiveWriterChild}) and each reader's
 * ({@link LiveReaderChild}). Per id, the writer's operations give a sequence of states (absent, or a version
 * at a size), each with the instant its call began and the instant it returned (never, for the call in flight
 * at the kill). A read that started at {@code s} and ended at {@code e} may return the state of an operation
 * that began before {@code e} and is not older than the newest one acknowledged before {@code s} (or the
 * initial absence, when none was); of those, one not older than the state the same reader saw last for the
 * id. Anything else is a violation: an older state (stale), a state of a write not yet begun, a series no
 * write stored (torn, half-appended, another id's), or an exception other than "not found".
 */
final class LiveReaderJudge {

    /** One state of one id: the operation that made it, when it began and returned. */
    private record Event(int op, long begin, long ack, boolean absent, long version, long size) {
        boolean shows(boolean readAbsent, long readVersion, long readSize) {
            return readAbsent ? absent : !absent && version == readVersion && size == readSize;
        }
    }

    private final int idPool;
    private final List<List<Event>> history = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    int acked;
    int inFlight;
    int compactions;
    long reads;
    long found;
    long absent;
    long readsAfterKill;

    LiveReaderJudge(int idPool) {
        this.idPool = idPool;
        for (int i = 0; i < idPool; i++) {
            history.add(new ArrayList<>());
        }
    }

    /** Reads the writer's log; returns whether it printed READY. */
    boolean writer(List<String> lines) {
        Map<Integer, Event> begun = new HashMap<>();
        Map<Integer, Integer> idOf = new HashMap<>();
        boolean ready = false;
        for (String line : protocol(lines)) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "READY" -> ready = true;
                case "BEGIN" -> {
                    int op = Integer.parseInt(f[1]);
                    long begin = Long.parseLong(f[2]);
                    switch (f[3]) {
                        case "STORE" -> begun.put(op, new Event(op, begin, Long.MAX_VALUE, false,
                                Long.parseLong(f[5]), Long.parseLong(f[6])));
                        case "APPEND" -> begun.put(op, new Event(op, begin, Long.MAX_VALUE, false,
                                Long.parseLong(f[5]), Long.parseLong(f[7])));
                        case "DELETE" -> begun.put(op, new Event(op, begin, Long.MAX_VALUE, true, 0, 0));
                        default -> compactions++;
                    }
                    if (!f[3].equals("COMPACT")) {
                        idOf.put(op, Integer.parseInt(f[4]));
                    }
                    inFlight++;
                }
                case "ACK" -> {
                    inFlight--;
                    acked++;
                    Event e = begun.remove(Integer.parseInt(f[1]));
                    if (e != null) {
                        begun.put(e.op, new Event(e.op, e.begin, Long.parseLong(f[2]), e.absent, e.version, e.size));
                    }
                }
                case "FAIL" -> violations.add("the writer failed in operation " + f[1] + ": " + CrashChild.decode(f[2]));
                default -> violations.add("the writer printed an unknown line: " + line);
            }
        }
        begun.values().stream().sorted((a, b) -> Integer.compare(a.op, b.op))
                .forEach(e -> history.get(idOf.get(e.op)).add(e));
        return ready;
    }

    /**
     * Judges one reader's log.
     *
     * @param name the reader, for the messages
     * @param lines its log
     * @param killNanos when the writer was dead for sure
     */
    void reader(String name, List<String> lines, long killNanos) {
        int[] floor = new int[idPool];
        java.util.Arrays.fill(floor, -1);
        long[] afterKill = new long[idPool];
        boolean done = false;
        for (String line : protocol(lines)) {
            String[] f = line.split(" ");
            if (f[0].equals("DONE")) {
                done = true;
                continue;
            }
            if (f[0].equals("READY")) {
                continue;
            }
            if (f[0].equals("FAIL")) {
                violations.add(name + " failed: " + CrashChild.decode(f[1]));
                continue;
            }
            int id = Integer.parseInt(f[1]);
            long start = Long.parseLong(f[2]);
            long end = Long.parseLong(f[3]);
            reads++;
            if (start > killNanos) {
                readsAfterKill++;
                afterKill[id]++;
            }
            String where = name + " reading " + CrashChild.poolId(id) + " (" + (start > killNanos ? "after" : "before")
                    + " the writer's kill)";
            switch (f[4]) {
                case "F" -> {
                    found++;
                    judge(where, id, start, end, false, Long.parseLong(f[5]), Long.parseLong(f[6]), floor);
                }
                case "A" -> {
                    absent++;
                    judge(where, id, start, end, true, 0, 0, floor);
                }
                case "T" -> violations.add(where + " got a torn series: " + CrashChild.decode(f[5]));
                default -> violations.add(where + " threw " + CrashChild.decode(f[5]));
            }
        }
        if (!done) {
            violations.add(name + " did not finish its reads (no DONE)");
        }
        for (int id = 0; id < idPool; id++) {
            if (afterKill[id] == 0) {
                violations.add(name + " read " + CrashChild.poolId(id) + " not once after the writer was killed");
            }
        }
    }

    private void judge(String where, int id, long start, long end, boolean readAbsent, long version, long size,
            int[] floor) {
        List<Event> events = history.get(id);
        int newestAcked = -1; // index into events; -1 is the state before the first write
        int lastBegun = -1;
        for (int k = 0; k < events.size(); k++) {
            if (events.get(k).ack < start) {
                newestAcked = k;
            }
            if (events.get(k).begin < end) {
                lastBegun = k;
            }
        }
        int from = Math.max(newestAcked, floor[id]);
        for (int k = from; k <= lastBegun; k++) {
            if (k < 0 ? readAbsent : events.get(k).shows(readAbsent, version, size)) {
                floor[id] = k;
                return;
            }
        }
        String saw = readAbsent ? "not found" : "version " + version + " at " + size + " points";
        String why = "no write stored it";
        for (int k = -1; k < events.size(); k++) {
            if (k < 0 ? readAbsent : events.get(k).shows(readAbsent, version, size)) {
                why = k < newestAcked ? "older than the write acknowledged before the read began (operation "
                        + events.get(newestAcked).op + ")" : k > lastBegun ? "a write not begun when the read ended"
                        : "older than what this reader saw before (operation " + events.get(floor[id]).op + ")";
                break;
            }
        }
        violations.add(where + " saw " + saw + ": " + why);
    }

    /** The protocol lines, without their prefix; anything else a JVM printed is dropped. */
    private static List<String> protocol(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(LiveWriterChild.PREFIX)) {
                out.add(l.substring(LiveWriterChild.PREFIX.length()));
            }
        }
        return out;
    }
}
