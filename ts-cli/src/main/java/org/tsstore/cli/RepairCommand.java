package org.tsstore.cli;

import java.io.PrintWriter;
import org.tsstore.api.RepairReport;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;

/** {@code tsstore repair}: salvages what holds its checksums, drops what is damaged, says which. */
@Command(
        name = "repair",
        header = "Make a damaged store whole: keep what holds its checksums, drop what is damaged.",
        description = {
            "Keeps every series whose checksums hold and drops (or reverts to an older intact version) every series"
                    + " that is damaged or may have been lost, then prints one line per series it could not keep."
                    + " Afterwards verify is clean and no id is refused. Exit 0 when nothing was lost, 1 when"
                    + " something was: the store is whole again either way.",
            "Run verify first, and copy what you need out of a damaged store before you repair it: what repair"
                    + " drops is gone."
        })
final class RepairCommand extends StoreCommand {

    @Override
    int run(StorageManager store) {
        RepairReport report = store.repair();
        store.flush();
        PrintWriter out = session().out();
        out.println("kept " + report.seriesKept() + " series, " + Bytes.human(report.bytesKept()) + " in "
                + root.storeShown());
        if (report.isLossless()) {
            out.println("nothing lost");
            return ExitCodes.OK;
        }
        for (RepairReport.Loss loss : report.lost()) {
            out.println(label(loss.outcome()) + " " + (loss.id().isEmpty() ? "(id unreadable)" : SeriesIds.quote(loss.id()))
                    + (loss.location().isEmpty() ? "" : " at " + loss.location()) + ": " + loss.problem());
        }
        int n = report.lost().size();
        session().err().println(spec.qualifiedName() + ": " + n + " series"
                + " not kept as stored in " + root.storeShown() + "; the store is whole again");
        return ExitCodes.DATA;
    }

    private static String label(RepairReport.Outcome outcome) {
        switch (outcome) {
            case DROPPED:
                return "DROPPED";
            case REVERTED:
                return "REVERTED to an older version";
            default:
                return "LOST";
        }
    }
}
