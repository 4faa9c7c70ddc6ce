package io.sluice.examples.cli;

import io.sluice.persistence.StoreDirectoryException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the store tools report a store they cannot use: one line on stderr, prefixed with the command, and exit code
 * {@link #FAILED}; no stack trace for a problem the user can act on.
 */
public final class ToolErrors
{
    /** Exit code of a command that ran and failed (picocli's usage errors are 2). */
    public static final int FAILED = 1;

    private ToolErrors()
    {
    }

    /**
     * Print a failure and return the exit code.
     *
     * @param spec    of the command that failed.
     * @param message what went wrong.
     * @return {@link #FAILED}.
     */
    public static int fail(final CommandSpec spec, final String message)
    {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
        spec.commandLine().getErr().flush();
        return FAILED;
    }

    /**
     * Print a store directory problem and return the exit code.
     *
     * @param spec of the command that failed.
     * @param ex   the problem, which names the directory.
     * @return {@link #FAILED}.
     */
    public static int fail(final CommandSpec spec, final StoreDirectoryException ex)
    {
        return fail(spec, ex.getMessage());
    }
}
