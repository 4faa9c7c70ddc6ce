package io.sluice.examples.cli;

import io.sluice.persistence.StoreDirectoryException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the commands report bad input: a store they cannot use is one line on stderr, prefixed with the command, and
 * exit code {@link #FAILED}, with no stack trace for a problem the user can act on; a bad option value is a picocli
 * usage error (exit code 2) naming the option, the value and what is allowed.
 */
public final class ToolErrors
{
    /** Exit code of a command that ran and failed (picocli's usage errors are 2). */
    public static final int FAILED = 1;

    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h)?");

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

    /**
     * Refuse an option value: a usage error naming the option, the value and what is allowed.
     *
     * @param spec    of the command given the option.
     * @param ok      whether the value is allowed.
     * @param option  the option, e.g. {@code --rate}.
     * @param value   the value given.
     * @param allowed what is allowed, e.g. {@code 1..1000000}.
     * @throws ParameterException if the value is not allowed.
     */
    public static void check(
        final CommandSpec spec, final boolean ok, final String option, final Object value, final String allowed)
    {
        if (!ok)
        {
            throw new ParameterException(spec.commandLine(),
                option + "=" + value + " is not allowed; allowed " + allowed);
        }
    }

    /**
     * Read a time option: a number with an optional unit ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code m},
     * {@code h}; seconds without one), such as {@code 500ms} or {@code 1.5}.
     *
     * @param text the option's value.
     * @return the time in nanoseconds, or -1 if the text is not a time.
     */
    public static long timeNanos(final String text)
    {
        final Matcher matcher = TIME.matcher(text.trim());
        if (!matcher.matches())
        {
            return -1;
        }
        final double value = Double.parseDouble(matcher.group(1));
        final String unit = null == matcher.group(2) ? "s" : matcher.group(2);
        final double scale;
        switch (unit)
        {
            case "ns":
                scale = 1;
                break;
            case "us":
                scale = 1e3;
                break;
            case "ms":
                scale = 1e6;
                break;
            case "m":
                scale = 60e9;
                break;
            case "h":
                scale = 3600e9;
                break;
            default:
                scale = 1e9;
                break;
        }
        return (long)Math.min(Long.MAX_VALUE, value * scale);
    }
}
