package org.tsstore.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.NoSuchElementException;
import org.tsstore.api.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on standard error and an exit code: 2 for usage errors, 1 for
 * everything else. The stack trace follows only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private final TsstoreCommand root;

    ErrorReporter(TsstoreCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + Suggestions.message(ex) + " (see '" + name + " --help')");
        if (root.verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The exit code of a process killed by SIGPIPE, as a shell reports it. */
    static final int BROKEN_PIPE = 128 + 13;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (isBrokenPipe(ex) && !root.verbose()) {
            // the reader went away (tsstore get x | head): nothing to say, as with any Unix tool
            return BROKEN_PIPE;
        }
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        int code = ex instanceof UsageException ? ExitCodes.USAGE : ExitCodes.DATA;
        String hint = code == ExitCodes.USAGE ? " (see '" + name + " --help')" : "";
        err.println(name + ": " + describe(ex) + hint);
        if (root.verbose()) {
            ex.printStackTrace(err);
        } else if (isUnexpected(ex)) {
            err.println(name + ": this looks like a bug; run again with --verbose for the stack trace");
        }
        err.flush();
        return code;
    }

    /** The one-line description: our own exceptions and the storage exceptions already read well. */
    static String describe(Throwable ex) {
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            return describe(ex.getCause());
        }
        if (ex instanceof NoSuchFileException) {
            return "no such file: " + ((NoSuchFileException) ex).getFile();
        }
        if (ex instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) ex).getFile();
        }
        if (ex instanceof FileAlreadyExistsException) {
            return "file exists: " + ((FileAlreadyExistsException) ex).getFile();
        }
        String message = ex.getMessage() == null ? "" : PlainMessages.of(ex.getMessage());
        if (message.isBlank() || isUnexpected(ex)) {
            // the class name is for the stack trace (--verbose); the user gets a sentence
            message = "unexpected failure" + (message.isBlank() ? "" : ": " + message);
        }
        return message;
    }

    private static boolean isBrokenPipe(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException && t.getMessage() != null && t.getMessage().contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnexpected(Throwable ex) {
        return !(ex instanceof UsageException
                || ex instanceof InvalidDataException
                || ex instanceof StorageException
                || ex instanceof NoSuchElementException // NoSuchSeriesException
                || ex instanceof IllegalArgumentException
                || ex instanceof UnsupportedOperationException // a write to a store opened with mode=read
                || ex instanceof UncheckedIOException
                || ex instanceof java.io.IOException);
    }
}
