package io.sluice.runtime.graph;

import io.sluice.queues.channel.ObjectHandler;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import io.sluice.runtime.failure.DeadLetterSink;

import java.util.function.ToLongFunction;

/**
 * A stage, source or sink of object messages.
 */
final class ObjectStageAgent extends StageAgent implements ObjectHandler<Object>
{
    private final StageHandler<Object, Object> stageHandler;
    private final SinkHandler<Object> sinkHandler;
    private final SourceHandler<Object> sourceHandler;
    private final ObjectOutbox outbox;
    private final ToLongFunction<Object> idFunction;
    private final DeadLetterSink<Object> deadLetterSink;
    private final DeadLetter<Object> deadLetter = new DeadLetter<>();
    private final boolean plain;
    private Object heldMessage;

    @SuppressWarnings("unchecked")
    ObjectStageAgent(final StageSpec<?, ?> spec, final Role role, final Edge[] inbound, final Edge[] outbound,
        final GraphControl control)
    {
        super(spec, role, inbound, outbound, control,
            new ObjectOutbox(spec.name, outbound, (ToLongFunction<Object>)spec.router, spec.outboxCapacity));
        this.stageHandler = role == Role.STAGE ? (StageHandler<Object, Object>)spec.handler : null;
        this.sinkHandler = role == Role.SINK ? (SinkHandler<Object>)spec.handler : null;
        this.sourceHandler = role == Role.SOURCE ? (SourceHandler<Object>)spec.handler : null;
        this.outbox = (ObjectOutbox)stageOutbox;
        this.idFunction = (ToLongFunction<Object>)spec.idFunction;
        this.deadLetterSink = (DeadLetterSink<Object>)spec.deadLetterSink;
        this.plain = null == dedup && null == breaker;
    }

    @Override
    void drain(final Edge edge, final int limit)
    {
        edge.objectChannel.drain(this, limit);
    }

    @Override
    int produce(final int limit) throws Exception
    {
        return sourceHandler.produce(outbox, limit);
    }

    /**
     * A message from an inbound edge (the channel's drain calls this).
     */
    @Override
    public void onMessage(final Object message)
    {
        if ((++received & serviceSampleMask) == 0)
        {
            final long start = nanoClock.nanoTime();
            try
            {
                handle(message);
            }
            finally
            {
                serviceTime.record(nanoClock.nanoTime() - start);
            }
            return;
        }
        handle(message);
    }

    private void handle(final Object message)
    {
        if (plain)
        {
            // fast path, small enough to inline into the channel's drain loop: no dedup, no breaker, first attempt
            try
            {
                if (null != stageHandler)
                {
                    stageHandler.onMessage(message, outbox);
                }
                else
                {
                    sinkHandler.onMessage(message);
                }
            }
            catch (final Exception ex)
            {
                afterMessage(failed(message, ex, 0));
                return;
            }
            succeeded++;
            if (!outbox.isEmpty())
            {
                throw StopDrain.INSTANCE;
            }
            return;
        }
        afterMessage(attempt(message, 0));
    }

    @Override
    boolean retryHeld()
    {
        final Object message = heldMessage;
        heldMessage = null;
        retrying = false;
        return attempt(message, heldAttempts);
    }

    /**
     * One attempt at a message.
     *
     * @return true if the message is now held (for a retry or an open breaker).
     */
    private boolean attempt(final Object message, final int attemptsBefore)
    {
        if (null != dedup && attemptsBefore == 0 && dedup.contains(idFunction.applyAsLong(message)))
        {
            duplicates++;
            return false;
        }
        if (!breakerAllows())
        {
            switch (openAction)
            {
                case DEAD_LETTER:
                    deadLetter(message, null, attemptsBefore, DeadLetterReason.BREAKER_OPEN);
                    return false;
                case SHED:
                    shed++;
                    return false;
                default:
                    holdForBreaker(attemptsBefore);
                    return hold(message);
            }
        }
        if (attemptsBefore > 0)
        {
            retries++;
        }
        try
        {
            if (null != stageHandler)
            {
                stageHandler.onMessage(message, outbox);
            }
            else
            {
                sinkHandler.onMessage(message);
            }
        }
        catch (final Exception ex)
        {
            return failed(message, ex, attemptsBefore);
        }
        if (null != dedup)
        {
            dedup.tryAccept(idFunction.applyAsLong(message));
        }
        onSuccess();
        return false;
    }

    /**
     * A failed attempt: hold the message for a retry, or dead-letter it after the last attempt.
     *
     * @return true if held.
     */
    private boolean failed(final Object message, final Exception ex, final int attemptsBefore)
    {
        if (ex instanceof StopDrain)
        {
            throw (StopDrain)ex;
        }
        if (onFailure(ex, attemptsBefore))
        {
            return hold(message);
        }
        deadLetter(message, ex, heldAttempts, DeadLetterReason.RETRIES_EXHAUSTED);
        return false;
    }

    private boolean hold(final Object message)
    {
        heldMessage = message;
        retrying = true;
        return true;
    }

    private void deadLetter(
        final Object message, final Throwable cause, final int attempts, final DeadLetterReason reason)
    {
        final long now = epochClock.nanoTime();
        final long first = attempts == 0 ? now : heldFirstAttemptEpochNs;
        deadLettered++;
        try
        {
            deadLetterSink.onDeadLetter(
                deadLetter.set(name, currentEdge, message, cause, attempts, first, now, reason));
        }
        catch (final Exception ex)
        {
            errorHandler.onError(ex);
        }
        finally
        {
            deadLetter.reset();
        }
    }
}
