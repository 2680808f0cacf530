package org.tsstore.testkit.reliability;

import static org.tsstore.api.SeriesIds.quote;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.RepairReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.ProviderLookup;

/**
 * Judges {@link StorageManager#repair()} on a damaged store of a {@link CorruptionCampaign}, after the
 * {@link CaseJudge} has read it: the repair returns a report, after which {@code verify()} is clean, no id
 * is refused, every stored series is served as stored unless the report names it (dropped ones are absent,
 * reverted ones are served whole; a series may be absent unnamed only where the report also lists bytes lost
 * with no id, but never served as another version), and a reopened store serves the same.
 */
final class RepairJudge {

    private final Map<String, ArrayTimeSeries> model;
    private final Consumer<String> sink;
    private long seriesLost;
    private int violations;

    /**
     * A judge of one case's repair.
     *
     * @param model what the store held before the damage, by id, and the probe the case judge stored
     * @param sink takes each violation
     */
    RepairJudge(Map<String, ArrayTimeSeries> model, Consumer<String> sink) {
        this.model = model;
        this.sink = sink;
    }

    /** Series the repair reported lost (dropped, reverted or unattributed). */
    long seriesLost() {
        return seriesLost;
    }

    /** Opens the store, repairs it, checks it, reopens it and checks it again. */
    void judge(URI uri, Map<String, String> options) {
        Map<String, ArrayTimeSeries> served;
        RepairReport report;
        try (StorageManager store = ProviderLookup.open(uri, options)) {
            try {
                report = store.repair();
            } catch (Throwable e) {
                sink.accept("repair() threw " + CaseJudge.describe(e));
                return;
            }
            seriesLost = report.lost().size();
            served = checkRepaired("after repair()", store, report);
        } catch (RuntimeException e) {
            sink.accept("opening or closing the store for repair() threw " + CaseJudge.describe(e));
            return;
        }
        if (served == null) {
            return;
        }
        try (StorageManager store = ProviderLookup.open(uri, options)) {
            Map<String, ArrayTimeSeries> again = checkRepaired("after repair() and a reopen", store, report);
            if (again != null && !again.equals(served)) {
                sink.accept("after repair() and a reopen the store serves " + again.keySet() + ", not the "
                        + served.keySet() + " it served before the reopen (or other points under them)");
            }
        } catch (RuntimeException e) {
            sink.accept("reopening a repaired store threw " + CaseJudge.describe(e));
        }
    }

    /** Checks a repaired store; returns what it serves by id, or null after a violation. */
    private Map<String, ArrayTimeSeries> checkRepaired(String when, StorageManager store, RepairReport report) {
        Map<String, RepairReport.Outcome> lost = new HashMap<>();
        report.lost().forEach(l -> lost.put(l.id(), l.outcome()));
        // bytes lost with no id to name: a series that lived only there may be gone unnamed, never served wrong
        boolean unattributed = report.lost().stream().anyMatch(l -> l.outcome() == RepairReport.Outcome.UNATTRIBUTED);
        IntegrityReport verified;
        try {
            verified = store.verify();
        } catch (Throwable e) {
            sink.accept(when + ", verify() threw " + CaseJudge.describe(e));
            return null;
        }
        if (!verified.isClean()) {
            sink.accept(when + ", verify() still reports " + verified.damage());
            return null;
        }
        Set<String> all = new TreeSet<>(CampaignHistory.ID_POOL);
        all.addAll(model.keySet());
        Set<String> listed = store.ids();
        all.addAll(listed);
        Map<String, ArrayTimeSeries> served = new HashMap<>();
        int violationsBefore = violations;
        for (String id : all) {
            ArrayTimeSeries expected = model.get(id);
            RepairReport.Outcome outcome = lost.get(id);
            ArrayTimeSeries got;
            try {
                SizedContainerTimeSeries s = store.get(id);
                got = ArrayTimeSeries.copyOf(s);
            } catch (NoSuchSeriesException e) {
                if (expected != null && outcome != RepairReport.Outcome.DROPPED && !(outcome == null && unattributed)) {
                    violation(when + ", " + quote(id) + " is gone, but the repair report "
                            + (outcome == null ? "does not name it" : "says " + outcome));
                }
                continue;
            } catch (Throwable e) {
                violation(when + ", get(" + quote(id) + ") threw " + CaseJudge.describe(e));
                continue;
            }
            served.put(id, got);
            if (!listed.contains(id)) {
                violation(when + ", get(" + quote(id) + ") reads it but ids() does not list it");
            }
            if (outcome == RepairReport.Outcome.REVERTED) {
                continue; // an older version, served whole: the report says so
            }
            if (outcome == RepairReport.Outcome.DROPPED) {
                violation(when + ", the repair report says " + quote(id) + " was dropped, but it is served");
            } else if (expected == null) {
                violation(when + ", get(" + quote(id) + ") serves " + got.size() + " points, but it was "
                        + (CampaignHistory.mayHaveStored(id) ? "deleted" : "never stored")
                        + " and the repair report does not name it");
            } else if (!expected.equals(got)) {
                violation(when + ", get(" + quote(id) + ") serves a different series (" + got.size() + " points, "
                        + expected.size() + " stored) and the repair report does not name it");
            }
        }
        long kept = served.keySet().stream().filter(id -> lost.get(id) == null).count();
        if (report.seriesKept() > served.size()) {
            violation(when + ", the repair report says " + report.seriesKept() + " series were kept, but "
                    + served.size() + " are served (" + kept + " of them as stored)");
        }
        return violations > violationsBefore ? null : served;
    }

    private void violation(String what) {
        violations++;
        sink.accept(what);
    }
}
