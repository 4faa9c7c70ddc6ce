package io.sluice.persistence.resume;

import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;

import java.util.function.LongFunction;

/**
 * The source side of the resume pattern: emits messages for sequence numbers from a starting point (the sink's
 * durable {@link SequenceCheckpoint#acknowledged()} {@code + 1} after a restart) up to a last one, so that a message
 * held only in memory when the process died is produced again. With a SPILL edge's durable store carrying what was
 * spilled, and a {@link SequenceTracker} at the sink removing repeats, no sequence number is lost end to end.
 * <pre>{@code
 * SequenceCheckpoint checkpoint = SequenceCheckpoint.open(dir.resolve("checkpoint"));
 * builder.source("feed", new ResumingSource<>(checkpoint.acknowledged() + 1, last, feed::messageFor));
 * }</pre>
 *
 * @param <O> type of the messages.
 */
public final class ResumingSource<O> implements SourceHandler<O>
{
    private final long last;
    private final LongFunction<? extends O> messageFor;
    private long next;

    /**
     * Produce from {@code first} through {@code last}.
     *
     * @param first      the first sequence number to produce, at least 1.
     * @param last       the last, at least {@code first - 1} ({@code first - 1} produces nothing); Long.MAX_VALUE
     *                   for a source that never ends.
     * @param messageFor builds (or looks up, e.g. from the upstream system's own log) the message for a sequence
     *                   number; called on the source's thread.
     */
    public ResumingSource(final long first, final long last, final LongFunction<? extends O> messageFor)
    {
        if (first < 1)
        {
            throw new IllegalArgumentException("resuming source: first=" + first + " is not allowed; allowed 1.." +
                Long.MAX_VALUE);
        }
        if (last < first - 1)
        {
            throw new IllegalArgumentException("resuming source: last=" + last + " is not allowed; allowed " +
                (first - 1) + ".." + Long.MAX_VALUE);
        }
        this.next = first;
        this.last = last;
        this.messageFor = messageFor;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int produce(final Outbox<O> outbox, final int limit)
    {
        if (next > last)
        {
            return END_OF_STREAM;
        }
        final long count = Math.min(limit, last - next + 1);
        for (long i = 0; i < count; i++)
        {
            outbox.emit(messageFor.apply(next++));
        }
        return (int)count;
    }

    /**
     * The next sequence number to produce.
     *
     * @return next.
     */
    public long next()
    {
        return next;
    }
}
