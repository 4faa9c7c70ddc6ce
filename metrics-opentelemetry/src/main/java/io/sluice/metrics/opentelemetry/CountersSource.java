package io.sluice.metrics.opentelemetry;

import io.sluice.runtime.metrics.CountersFileReader;
import io.sluice.runtime.metrics.MetricsSnapshot;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A counters file as a source of snapshots that outlives its writers: nothing while the file is missing or its
 * writer has exited, and the new writer's counters once a process (this one or another, with another pid or start
 * time) creates the file again.
 * <p>
 * <b>Note:</b> thread-safe; every method holds the lock, so a collection never reads a mapping that
 * {@link #close()} unmaps.
 */
final class CountersSource implements AutoCloseable
{
    private static final Logger LOGGER = Logger.getLogger(SluiceOpenTelemetry.class.getName());

    private final Path file;
    private CountersFileReader reader;
    private String lastProblem;
    private long reads;
    private boolean closed;

    CountersSource(final Path file)
    {
        this.file = file;
    }

    Path file()
    {
        return file;
    }

    /**
     * Read the file once.
     *
     * @return the snapshot, or null when there is no live writer (missing file, exited writer, unreadable file).
     */
    synchronized MetricsSnapshot snapshot()
    {
        if (closed)
        {
            return null;
        }
        reads++;
        // a writer that closed or died never comes back to its mapping: a new writer lays out a new file
        if (null != reader && !reader.isLive())
        {
            release();
        }
        if (null == reader && !open())
        {
            return null;
        }
        try
        {
            return reader.snapshot();
        }
        catch (final RuntimeException ex)
        {
            problem("reading failed", ex);
            release();
            return null;
        }
    }

    /**
     * Reads attempted since creation, for tests: one per collection.
     *
     * @return the count.
     */
    synchronized long reads()
    {
        return reads;
    }

    /**
     * The writer of the file mapped now.
     *
     * @return its pid, or -1 if none is mapped.
     */
    synchronized long pid()
    {
        return null == reader ? -1 : reader.pid();
    }

    /**
     * Unmap the file; later snapshots are null.
     */
    @Override
    public synchronized void close()
    {
        closed = true;
        release();
    }

    private boolean open()
    {
        if (!Files.exists(file))
        {
            return false;
        }
        final CountersFileReader opened;
        try
        {
            opened = CountersFileReader.open(file);
        }
        catch (final UncheckedIOException ex)
        {
            if (!(ex.getCause() instanceof NoSuchFileException))
            {
                problem("opening failed", ex);
            }
            // else removed since the check above (its writer closed): as missing, nothing to say
            return false;
        }
        catch (final RuntimeException ex)
        {
            problem("opening failed", ex);
            return false;
        }
        if (!opened.isLive())
        {
            opened.close();
            return false;
        }
        reader = opened;
        lastProblem = null;
        return true;
    }

    private void release()
    {
        if (null != reader)
        {
            reader.close();
            reader = null;
        }
    }

    private void problem(final String what, final RuntimeException ex)
    {
        // once per distinct problem, not once per collection
        final String message = "Sluice metrics not exported, " + what + ": " + ex.getMessage();
        if (!message.equals(lastProblem))
        {
            lastProblem = message;
            LOGGER.log(Level.WARNING, message, ex);
        }
    }
}
