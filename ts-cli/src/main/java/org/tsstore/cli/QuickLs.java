package org.tsstore.cli;

import org.tsstore.api.StorageManager;

/**
 * The quick start path of {@code tsstore ls}: the command a person types most, run without building picocli's
 * command model, which is most of a short command's start-up (picocli's classes, Java 5 bytecode, can be neither
 * archived for class data sharing nor verified quickly).
 *
 * <p>It takes only the plain forms, {@code [--store URI] ls [-l|--long] [GLOB]} with {@code --store} (or
 * {@code --store=URI}) before or after {@code ls}, and hands everything else to the full command line: any other
 * option, help, a second pattern, a {@code memory:} store (whose note the full path prints), and any failure to
 * open the store or list its ids, which the full path then reports with its usual message and exit code.
 * The listing itself is {@link LsCommand#list}, the one both paths print with.
 */
final class QuickLs {

    private static final String STORE = "--store";
    private static final String NAME = "tsstore ls";

    private QuickLs() {}

    /**
     * Runs {@code ls} on the quick path when the arguments are one of its plain forms.
     *
     * @param session the session to run in
     * @param args the command line
     * @return the exit code, or {@code null} when the full command line must run the arguments instead
     */
    static Integer run(Session session, String[] args) {
        String store = null;
        String glob = null;
        boolean seenLs = false;
        boolean longFormat = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(STORE) || a.startsWith(STORE + "=")) {
                if (store != null || (a.equals(STORE) && i + 1 == args.length)) {
                    return null;
                }
                store = a.equals(STORE) ? args[++i] : a.substring(STORE.length() + 1);
            } else if (!seenLs) {
                if (!a.equals("ls")) {
                    return null;
                }
                seenLs = true;
            } else if ((a.equals("-l") || a.equals("--long")) && !longFormat) {
                longFormat = true;
            } else if (glob == null && !a.isEmpty() && !a.startsWith("-")) {
                glob = a;
            } else {
                return null;
            }
        }
        if (!seenLs) {
            return null;
        }
        String uri = TsstoreCommand.storeUri(store, session);
        if (StoreAccess.endsWithProcess(uri)) {
            return null;
        }
        return list(session, uri, TsstoreCommand.storeSource(store, session), glob, longFormat);
    }

    private static Integer list(Session session, String uri, String source, String glob, boolean longFormat) {
        IdGlob filter;
        StorageManager store;
        try {
            filter = glob == null ? IdGlob.all() : IdGlob.of(glob);
            TsstoreCommand.quietLogging(false);
            store = StoreAccess.open(uri, source, StoreAccess.Mode.READ);
        } catch (RuntimeException e) {
            return null; // the full path says what is wrong, as it always has
        }
        try (store) {
            java.util.Set<String> ids;
            try {
                ids = store.ids();
            } catch (RuntimeException e) {
                return null;
            }
            return LsCommand.list(session, ids, store, filter, glob, StoreLocations.shown(uri), NAME, longFormat);
        } catch (RuntimeException e) {
            session.err().println(NAME + ": " + ErrorReporter.describe(e));
            return ExitCodes.DATA;
        } finally {
            session.flush();
        }
    }
}
