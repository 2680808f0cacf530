package org.tsstore.testkit.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tsstore.testkit.DamageSite;

/**
 * Where the closed store of a {@link CorruptionCampaign} case keeps its bytes, and the one site the case
 * damages: the kinds take turns from case to case, a site of the kind is drawn at random and damaged by a
 * random {@link FileDamage} that changes at least one byte where it can. When the backend names
 * checkpoint files, half the cases that damage another file delete the checkpoints first.
 */
final class DamagePlan {

    /** A retry bound for damage that happens to leave the bytes as they were (zeroing zeros, say). */
    private static final int REDRAWS = 20;

    private final Map<String, Pattern> fileKinds;
    private final Pattern checkpoints;
    private final Function<URI, List<DamageSite>> remoteSites;

    /**
     * What one case did to its store.
     *
     * @param culprit the name of the damaged site, which a refusal must mention
     * @param key the kind and the damage, such as {@code "index/FLIP"}, for the report
     * @param description the site, what was done to it and which checkpoints were deleted
     */
    record Damage(String culprit, String key, String description) {}

    /**
     * The plan of a directory store or of a remote one.
     *
     * @param fileKinds for a directory store, the file kinds by name, matched against relative paths
     * @param checkpoints for a directory store, the files it may rebuild, or null
     * @param remoteSites for a remote store, its sites by URI; null for a directory store
     */
    DamagePlan(Map<String, Pattern> fileKinds, Pattern checkpoints, Function<URI, List<DamageSite>> remoteSites) {
        this.fileKinds = Map.copyOf(fileKinds);
        this.checkpoints = checkpoints;
        this.remoteSites = remoteSites;
    }

    /** The named file kinds, for a message about a store that has none of them. */
    Set<String> fileKinds() {
        return fileKinds.keySet();
    }

    /**
     * Every place the store keeps bytes: the remote store's sites, or every file of the directory (those of
     * no named kind too), in path order.
     *
     * @param dir the store directory, or null for a remote store
     * @param uri the store's URI
     */
    List<DamageSite> sites(Path dir, URI uri) throws IOException {
        if (dir == null) {
            return remoteSites.apply(uri);
        }
        List<DamageSite> sites = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                String relative = dir.relativize(p).toString().replace('\\', '/');
                String kind = fileKinds.entrySet().stream().filter(e -> e.getValue().matcher(relative).matches())
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                sites.add(new FileSite(p, relative, kind));
            }
        }
        return sites;
    }

    /**
     * Damages one site of {@code sites}, starting with the kind whose turn case {@code index} is.
     *
     * @param dir the store directory, or null for a remote store
     * @return what was done, or empty if the store has no site of any kind
     */
    Optional<Damage> damage(int index, SplittableRandom random, Path dir, List<DamageSite> sites) throws IOException {
        List<String> kinds = new ArrayList<>(new TreeSet<>(dir == null
                ? sites.stream().map(DamageSite::kind).collect(Collectors.toSet()) : fileKinds.keySet()));
        for (int k = 0; k < kinds.size(); k++) {
            String kind = kinds.get((index + k) % kinds.size());
            List<DamageSite> candidates = sites.stream().filter(site -> kind.equals(site.kind()))
                    .collect(Collectors.toList());
            if (candidates.isEmpty()) {
                continue;
            }
            DamageSite target = candidates.get(random.nextInt(candidates.size()));
            FileDamage how = FileDamage.values()[random.nextInt(FileDamage.values().length)];
            String dropped = "";
            if (checkpoints != null && !isCheckpoint(target) && random.nextBoolean()) {
                dropped = deleteCheckpoints(sites);
            }
            StringBuilder what = new StringBuilder();
            byte[] original = target.read();
            byte[] damaged = how.apply(original.clone(), random, what);
            for (int retry = 0; Arrays.equals(original, damaged) && retry < REDRAWS; retry++) {
                what.setLength(0);
                damaged = how.apply(original.clone(), random, what);
            }
            target.write(damaged);
            String where = dir == null ? target.name() : ((FileSite) target).relative();
            return Optional.of(new Damage(target.name(), kind + "/" + how, kind + " " + where + ": " + what + dropped));
        }
        return Optional.empty();
    }

    private boolean isCheckpoint(DamageSite site) {
        return checkpoints.matcher(((FileSite) site).relative()).matches();
    }

    /** Deletes every checkpoint file; returns the note for the description ("" if there were none). */
    private String deleteCheckpoints(List<DamageSite> sites) throws IOException {
        StringBuilder dropped = new StringBuilder();
        for (DamageSite site : sites) {
            FileSite file = (FileSite) site;
            if (isCheckpoint(file)) {
                Files.delete(file.path());
                dropped.append(dropped.length() == 0 ? ", after deleting " : ", ").append(file.relative());
            }
        }
        return dropped.toString();
    }
}
