package io.sluice.runtime.failure;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An {@link ErrorHandler} that records each distinct error once, with an observation count and the first and last
 * observation times, in an Agrona {@link DistinctErrorLog} over a direct buffer of fixed size, so that an error
 * repeated a million times takes one record and does not flood a log. Two errors are the same when they have the same
 * class, message and stack trace, and the same for their causes (the log's rule): the same exception thrown from the
 * same place is one distinct error.
 * <p>
 * The optional {@code firstOccurrence} handler (a logger, say) is told of an error only the first time it is seen,
 * and of every error the log has no room for ({@link #unrecorded()}); a repeat is only counted. A first occurrence is
 * recognised by the record it appends: the handler tracks the end of the log and, after recording, looks for a new
 * record's length there. {@code onError(null)} records a {@link NullPointerException} created here instead.
 * <p>
 * The records can be read while errors are being recorded, from any thread, with {@link #read(ErrorConsumer)}, or
 * from {@link #buffer()} with {@link ErrorLogReader} (for example after copying the buffer elsewhere). A record is
 * published whole, but the log counts an observation just after publishing its record, so a reader concurrent with
 * the first observation of an error may see that record with count 0.
 * <p>
 * <b>Note:</b> thread-safe: {@link #onError(Throwable)} may be called from any number of threads at once. Recording
 * is serialised by an internal lock (errors are a cold path); {@code firstOccurrence} is called after the lock is
 * released, on the thread that reported the error, so a {@code firstOccurrence} handler shared by several threads
 * must be thread-safe; an exception it throws propagates to the caller of {@code onError}. The counters are written
 * under the lock with release stores and read with acquire loads: each is monotonic and untorn as seen by any one
 * reader, {@link #totalErrors()} is counted before the error is recorded, {@link #distinctErrors()} and
 * {@link #unrecorded()} after it, so reading {@code distinctErrors()} and {@code unrecorded()} before
 * {@code totalErrors()} gives {@code distinct + unrecorded <= total}.
 */
public final class DistinctErrorHandler implements ErrorHandler
{
    /**
     * Smallest buffer in bytes; a typical stack trace takes one to a few KiB.
     */
    public static final int MIN_BUFFER_BYTES = 1024;

    /**
     * Largest buffer in bytes.
     */
    public static final int MAX_BUFFER_BYTES = 1 << 30;

    /**
     * A buffer size that holds a few dozen distinct errors with typical stack traces: 64 KiB.
     */
    public static final int DEFAULT_BUFFER_BYTES = 64 * 1024;

    private static final VarHandle TOTAL_ERRORS;
    private static final VarHandle DISTINCT_ERRORS;
    private static final VarHandle UNRECORDED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOTAL_ERRORS = lookup.findVarHandle(DistinctErrorHandler.class, "totalErrors", long.class);
            DISTINCT_ERRORS = lookup.findVarHandle(DistinctErrorHandler.class, "distinctErrors", int.class);
            UNRECORDED = lookup.findVarHandle(DistinctErrorHandler.class, "unrecorded", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Object lock = new Object();
    private final AtomicBuffer buffer;
    private final DistinctErrorLog log;
    private final ErrorHandler firstOccurrence;

    // guarded by lock: offset just past the last record, where the next distinct error's record will start
    private int endOffset;

    // written under lock (plain reads there), release stores; read by any thread with acquire loads
    private long totalErrors;
    private int distinctErrors;
    private long unrecorded;

    /**
     * Create a handler over a new zeroed direct buffer.
     *
     * @param bufferBytes     size of the log, a multiple of 8 in {@link #MIN_BUFFER_BYTES}..{@link #MAX_BUFFER_BYTES}.
     * @param clock           for the observation times, in the log's time unit (usually milliseconds).
     * @param firstOccurrence told of each distinct error once and of each error the log cannot hold; or null.
     * @throws IllegalArgumentException naming the setting, the value and the allowed range.
     */
    public DistinctErrorHandler(final int bufferBytes, final EpochClock clock, final ErrorHandler firstOccurrence)
    {
        if (bufferBytes < MIN_BUFFER_BYTES || bufferBytes > MAX_BUFFER_BYTES ||
            0 != (bufferBytes & (DistinctErrorLog.RECORD_ALIGNMENT - 1)))
        {
            throw new IllegalArgumentException(error("bufferBytes", bufferBytes, "a multiple of " +
                DistinctErrorLog.RECORD_ALIGNMENT + " in " + MIN_BUFFER_BYTES + ".." + MAX_BUFFER_BYTES));
        }
        if (null == clock)
        {
            throw new IllegalArgumentException(error("clock", null, "an EpochClock"));
        }

        // aligned so that the log's ordered and atomic int/long accesses are allowed
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(bufferBytes, BitUtil.CACHE_LINE_LENGTH));
        log = new DistinctErrorLog(buffer, clock);
        this.firstOccurrence = firstOccurrence;
    }

    /**
     * Record an observation of the error; tell {@code firstOccurrence} if it is the first of its kind or could not
     * be recorded. Any thread.
     *
     * @param throwable the error; null is recorded as a {@link NullPointerException}.
     */
    @Override
    public void onError(final Throwable throwable)
    {
        final Throwable observation = null != throwable ? throwable :
            new NullPointerException("null passed to DistinctErrorHandler.onError");
        final boolean tell;

        synchronized (lock)
        {
            TOTAL_ERRORS.setRelease(this, totalErrors + 1);

            if (log.record(observation))
            {
                // only this handler writes the log, and only under the lock: a record at the old end is ours and new
                final int end = endOffset;
                final int length = end + BitUtil.SIZE_OF_INT <= buffer.capacity() ?
                    buffer.getIntVolatile(end + DistinctErrorLog.LENGTH_OFFSET) : 0;
                tell = length > 0;
                if (tell)
                {
                    endOffset = BitUtil.align(end + length, DistinctErrorLog.RECORD_ALIGNMENT);
                    DISTINCT_ERRORS.setRelease(this, distinctErrors + 1);
                }
            }
            else
            {
                UNRECORDED.setRelease(this, unrecorded + 1);
                tell = true;
            }
        }

        if (tell && null != firstOccurrence)
        {
            firstOccurrence.onError(observation);
        }
    }

    /**
     * Calls of {@link #onError(Throwable)}. Any thread.
     *
     * @return errors reported, recorded or not.
     */
    public long totalErrors()
    {
        return (long)TOTAL_ERRORS.getAcquire(this);
    }

    /**
     * Distinct errors recorded in the log. Any thread.
     *
     * @return records in the log.
     */
    public int distinctErrors()
    {
        return (int)DISTINCT_ERRORS.getAcquire(this);
    }

    /**
     * Errors the log had no room for; each was passed to {@code firstOccurrence}. Any thread.
     *
     * @return errors not recorded.
     */
    public long unrecorded()
    {
        return (long)UNRECORDED.getAcquire(this);
    }

    /**
     * Read every record in the log, oldest first, with {@link ErrorLogReader#read(AtomicBuffer, ErrorConsumer)}.
     * Any thread, concurrently with {@link #onError(Throwable)}.
     *
     * @param consumer given, per distinct error, the observation count, the first and last observation times and
     *                 the encoded stack trace.
     * @return records read.
     */
    public int read(final ErrorConsumer consumer)
    {
        return ErrorLogReader.read(buffer, consumer);
    }

    /**
     * Read the records last observed at or after a time, oldest first, with
     * {@link ErrorLogReader#read(AtomicBuffer, ErrorConsumer, long)}. Any thread.
     *
     * @param consumer       given, per distinct error, the count, first and last times and the encoded stack trace.
     * @param sinceTimestamp earliest last-observation time of interest, in the clock's unit.
     * @return records read.
     */
    public int read(final ErrorConsumer consumer, final long sinceTimestamp)
    {
        return ErrorLogReader.read(buffer, consumer, sinceTimestamp);
    }

    /**
     * The buffer of the log, for readers such as {@link ErrorLogReader}. Do not write to it: the handler relies on
     * being its only writer.
     *
     * @return the log's buffer.
     */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final int distinct = distinctErrors();
        final long unrecorded = unrecorded();
        return "DistinctErrorHandler{capacity=" + buffer.capacity() + ", totalErrors=" + totalErrors() +
            ", distinctErrors=" + distinct + ", unrecorded=" + unrecorded + "}";
    }

    private static String error(final String setting, final Object value, final String allowed)
    {
        return "distinct error handler: " + setting + "=" + value + " is not allowed; allowed " + allowed;
    }
}
