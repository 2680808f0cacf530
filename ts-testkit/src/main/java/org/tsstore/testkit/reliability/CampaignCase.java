package org.tsstore.testkit.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.Allocations;
import org.tsstore.testkit.DamageSite;
import org.tsstore.testkit.reliability.CorruptionReport.Outcome;

/**
 * One damaged store of a {@link CorruptionCampaign}, from its own seed: writes the history, damages one
 * site, has the store judged and watches the heap it takes to open and read it. Collects the violations,
 * each with the call that repeats the case; they may be added from another thread (the campaign's, when
 * the case runs out of time).
 */
final class CampaignCase {

    private final int index;
    private final long caseSeed;
    private final long campaignSeed;
    private final Path dir;
    private final URI uri;
    private final CampaignHistory history;
    private final DamagePlan plan;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private volatile String damage = "(not damaged yet)";
    private volatile String damageKey;
    private volatile CaseJudge judge;
    private volatile RepairJudge repair;

    /**
     * A case of a campaign.
     *
     * @param index the case number, from 0
     * @param caseSeed the seed of everything the case draws
     * @param campaignSeed the campaign's seed, for the call that repeats the case
     * @param dir the new, empty store directory, or null for a remote store
     * @param uri the URI of the new, empty store
     */
    CampaignCase(int index, long caseSeed, long campaignSeed, Path dir, URI uri, CampaignHistory history,
            DamagePlan plan) {
        this.index = index;
        this.caseSeed = caseSeed;
        this.campaignSeed = campaignSeed;
        this.dir = dir;
        this.uri = uri;
        this.history = history;
        this.plan = plan;
    }

    /**
     * Runs the case.
     *
     * @return the outcome, or null if there was a violation
     * @throws IOException if the campaign itself cannot read or damage the store's files
     */
    Outcome run() throws IOException {
        SplittableRandom random = new SplittableRandom(caseSeed);
        Map<String, ArrayTimeSeries> model = history.write(uri, random);
        List<DamageSite> sites = plan.sites(dir, uri);
        Set<String> names = new TreeSet<>();
        sites.forEach(site -> names.add(site.name()));
        long storeBytes = sites.stream().mapToLong(DamageSite::size).sum();
        Optional<DamagePlan.Damage> done = plan.damage(index, random, dir, sites);
        if (done.isEmpty()) {
            violation("the store left nothing of the kinds " + plan.fileKinds() + " to damage; it has " + names);
            return null;
        }
        damageKey = done.get().key();
        damage = done.get().description();
        judge = new CaseJudge(index, dir, new TreeSet<>(Set.of(done.get().culprit())), names, model, this::violation);
        long allocatedBefore = Allocations.ofThisThread();
        Outcome outcome = null;
        try {
            outcome = judge.judge(uri, history.options());
        } finally {
            long allocated = Allocations.ofThisThread() - allocatedBefore;
            long budget = 16 * storeBytes + (256L << 20);
            if (allocatedBefore >= 0 && allocated > budget) {
                violation("opening and reading a damaged store of " + storeBytes + " bytes allocated " + allocated
                        + " bytes on the heap: a size read off damaged bytes?");
            }
        }
        if (outcome == null || outcome == Outcome.REFUSED_ON_OPEN || !violations.isEmpty()) {
            return outcome;
        }
        repair = new RepairJudge(judge.heldNow(), this::violation);
        repair.judge(uri, history.options());
        return outcome;
    }

    /** Series the repair reported lost, 0 if it did not run. */
    long seriesLostToRepair() {
        RepairJudge r = repair;
        return r == null ? 0 : r.seriesLost();
    }

    /** Whether the repair ran. */
    boolean repaired() {
        return repair != null;
    }

    /** Records a violation of this case, with the damage done and the call that repeats it. */
    void violation(String what) {
        violations.add("case " + index + " (" + damage + "): " + what + "; repeat with .seed(" + campaignSeed
                + "L).only(" + index + "), store left in " + (dir != null ? dir : uri));
    }

    /** The violations so far, a copy. */
    List<String> violations() {
        synchronized (violations) {
            return new ArrayList<>(violations);
        }
    }

    /** The kind and damage done, such as {@code "index/FLIP"}, or null if nothing was damaged. */
    String damageKey() {
        return damageKey;
    }

    /** Series read back (equal or not). */
    long seriesChecked() {
        CaseJudge j = judge;
        return j == null ? 0 : j.seriesChecked();
    }

    /** Reads refused naming the damaged site. */
    long readsRefused() {
        CaseJudge j = judge;
        return j == null ? 0 : j.readsRefused();
    }

    /** Stored series missing from a store known to be damaged. */
    long seriesMissing() {
        CaseJudge j = judge;
        return j == null ? 0 : j.seriesMissing();
    }
}
