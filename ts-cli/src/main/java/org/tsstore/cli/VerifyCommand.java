package org.tsstore.cli;

import java.io.PrintWriter;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;

/** {@code tsstore verify}: checks every record of the store against its checksum. */
@Command(
        name = "verify",
        header = "Check every series of the store against its checksum; exit 1 when damage is found.",
        description = "Prints what was checked and one line per damaged record. Repairs nothing.")
final class VerifyCommand extends StoreCommand {

    @Override
    StoreAccess.Mode access() {
        return StoreAccess.Mode.READ;
    }

    @Override
    int run(StorageManager store) {
        IntegrityReport report = store.verify();
        PrintWriter out = session().out();
        out.println("checked " + report.seriesChecked() + " records, " + Bytes.human(report.bytesChecked())
                + " in " + root.storeShown());
        if (report.isClean()) {
            out.println("no damage found");
            return ExitCodes.OK;
        }
        for (IntegrityReport.Damage d : report.damage()) {
            out.println("DAMAGED " + (d.id().isEmpty() ? "(id unreadable)" : SeriesIds.quote(d.id()))
                    + (d.location().isEmpty() ? "" : " at " + d.location()) + ": " + d.problem());
        }
        session().err().println(spec.qualifiedName() + ": " + report.damage().size()
                + (report.damage().size() == 1 ? " damaged record" : " damaged records") + " in " + root.storeShown());
        return ExitCodes.DATA;
    }
}
