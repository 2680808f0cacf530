package org.tsstore.cli;

/** The exit codes of the command. */
final class ExitCodes {

    /** Success. */
    static final int OK = 0;
    /** Bad data, a failed store, damage found by verify: the command line was fine, the data was not. */
    static final int DATA = 1;
    /** A usage error: unknown option, missing argument, a value of the wrong form. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
