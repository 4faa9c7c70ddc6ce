package io.sluice.metrics.opentelemetry;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warnings {@link CountersSource} logs (through {@link SluiceOpenTelemetry}'s {@code java.util.logging} logger),
 * caught per counters file so that each state's arbiter can turn its own into a result rather than a line on the
 * fork's output. The logger's own handlers are bypassed in the forks that load this class; a warning that names no
 * counters file is printed to {@code System.err}, where jcstress shows it. A warning is kept until its state's
 * arbiter takes it, so the map holds at most one entry per state alive.
 * <p>
 * <b>Note:</b> thread-safe.
 */
final class SourceWarnings
{
    /** The warning for a file deleted between {@code Files.exists} and {@code CountersFileReader.open}. */
    static final String VANISHED = "NoSuchFileException";

    // held strongly: java.util.logging keeps its loggers weakly, and with them their handlers
    private static final Logger LOGGER = Logger.getLogger(SluiceOpenTelemetry.class.getName());
    private static final Pattern FILE = Pattern.compile("(/\\S+\\.dat)");
    private static final Map<String, String> BY_FILE = new ConcurrentHashMap<>();

    static
    {
        LOGGER.setUseParentHandlers(false);
        LOGGER.addHandler(new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                final Throwable thrown = record.getThrown();
                final String text = record.getMessage() +
                    (null == thrown ? "" : " (" + thrown + (null == thrown.getCause() ? "" : ", " +
                    thrown.getCause().getClass().getSimpleName()) + ")");
                final Matcher file = FILE.matcher(record.getMessage());
                if (file.find())
                {
                    BY_FILE.merge(file.group(1), text, (a, b) -> a + "; " + b);
                }
                else
                {
                    System.err.println("unattributed " + record.getLevel() + " from " + LOGGER.getName() + ": " + text);
                }
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        });
    }

    private SourceWarnings()
    {
    }

    /**
     * Make sure the handler is installed (this class initialised) before a state's source can log.
     */
    static void install()
    {
        // the static initialiser does it
    }

    /**
     * Take the warnings logged for a file.
     *
     * @param file the counters file.
     * @return the warnings, "; "-separated, or null if none.
     */
    static String take(final Path file)
    {
        return BY_FILE.remove(file.toString());
    }
}
