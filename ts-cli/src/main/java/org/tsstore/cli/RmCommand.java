package org.tsstore.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tsstore rm}: removes series, by id or by pattern. */
@Command(
        name = "rm",
        header = "Remove series from the store, by id or by pattern.",
        description = "Each ID is an id in the store, else, when it holds * ? [ or \\, a pattern as in ls (quote "
                + "it). Every name is checked first: without -f a missing id or a pattern matching nothing removes "
                + "nothing and exits 1.")
final class RmCommand extends StoreCommand {

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Ids or patterns.")
    private List<String> names;

    @Option(names = {"-f", "--force"}, description = "Ignore missing ids and patterns matching nothing.")
    private boolean force;

    @Override
    int run(StorageManager store) {
        Set<String> ids = new TreeSet<>(store.ids());
        Set<String> chosen = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (ids.contains(name)) {
                chosen.add(name);
            } else if (isPattern(name)) {
                IdGlob glob = IdGlob.of(name);
                int before = chosen.size();
                ids.stream().filter(glob::matches).forEach(chosen::add);
                if (chosen.size() == before && ids.stream().noneMatch(glob::matches)) {
                    missing.add("no series match " + IdText.shown(name));
                }
            } else {
                checkId(name);
                missing.add("no series with id " + SeriesIds.quote(name));
            }
        }
        if (!missing.isEmpty() && !force) {
            if (names.size() == 1 && !isPattern(names.get(0))) {
                throw new NoSuchSeriesException(names.get(0));
            }
            throw new InvalidDataException(String.join("; ", missing) + "; nothing was removed (-f ignores"
                    + " missing ids)");
        }
        for (String id : chosen) {
            if (store.delete(id)) {
                session().out().println("removed " + SeriesIds.quote(id));
            }
        }
        return ExitCodes.OK;
    }

    private static boolean isPattern(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0 || name.indexOf('\\') >= 0;
    }
}
