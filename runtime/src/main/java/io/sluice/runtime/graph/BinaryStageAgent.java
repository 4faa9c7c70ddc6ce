package io.sluice.runtime.graph;

import io.sluice.runtime.failure.BinaryDeadLetter;
import io.sluice.runtime.failure.BinaryDeadLetterSink;
import io.sluice.runtime.failure.DeadLetterReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A stage, source or sink of binary messages. A message held for a retry is copied into a preallocated buffer of
 * the largest message length of the stage's inbound edges, since the ring's bytes are only valid during the call.
 */
final class BinaryStageAgent extends StageAgent implements MessageHandler
{
    private final BinaryStageHandler stageHandler;
    private final BinarySinkHandler sinkHandler;
    private final BinarySourceHandler sourceHandler;
    private final BinaryStageOutbox outbox;
    private final BinaryKeyFunction idFunction;
    private final BinaryDeadLetterSink deadLetterSink;
    private final BinaryDeadLetter deadLetter = new BinaryDeadLetter();
    private final UnsafeBuffer heldBuffer;
    private int heldTypeId;
    private int heldLength;

    BinaryStageAgent(final StageSpec<?, ?> spec, final Role role, final Edge[] inbound, final Edge[] outbound,
        final GraphControl control)
    {
        super(spec, role, inbound, outbound, control,
            new BinaryStageOutbox(spec.name, outbound, spec.binaryRouter, spec.outboxCapacity));
        this.stageHandler = role == Role.STAGE ? (BinaryStageHandler)spec.handler : null;
        this.sinkHandler = role == Role.SINK ? (BinarySinkHandler)spec.handler : null;
        this.sourceHandler = role == Role.SOURCE ? (BinarySourceHandler)spec.handler : null;
        this.outbox = (BinaryStageOutbox)stageOutbox;
        this.idFunction = spec.binaryIdFunction;
        this.deadLetterSink = spec.binaryDeadLetterSink;
        int maxLength = 8;
        for (final Edge edge : inbound)
        {
            maxLength = Math.max(maxLength, edge.binaryChannel.maxMessageLength());
        }
        this.heldBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(maxLength));
    }

    @Override
    void drain(final Edge edge, final int limit)
    {
        edge.binaryChannel.drain(this, limit);
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
    public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if ((++received & serviceSampleMask) == 0)
        {
            final long start = nanoClock.nanoTime();
            try
            {
                afterMessage(attempt(typeId, buffer, offset, length, 0));
            }
            finally
            {
                serviceTime.record(nanoClock.nanoTime() - start);
            }
            return;
        }
        afterMessage(attempt(typeId, buffer, offset, length, 0));
    }

    @Override
    boolean retryHeld()
    {
        retrying = false;
        return attempt(heldTypeId, heldBuffer, 0, heldLength, heldAttempts);
    }

    private boolean attempt(
        final int typeId, final DirectBuffer buffer, final int offset, final int length, final int attemptsBefore)
    {
        if (null != dedup && attemptsBefore == 0 &&
            dedup.contains(idFunction.key(typeId, buffer, offset, length)))
        {
            duplicates++;
            return false;
        }
        if (!breakerAllows())
        {
            switch (openAction)
            {
                case DEAD_LETTER:
                    deadLetter(typeId, buffer, offset, length, null, attemptsBefore, DeadLetterReason.BREAKER_OPEN);
                    return false;
                case SHED:
                    shed++;
                    return false;
                default:
                    holdForBreaker(attemptsBefore);
                    return hold(typeId, buffer, offset, length);
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
                stageHandler.onMessage(typeId, buffer, offset, length, outbox);
            }
            else
            {
                sinkHandler.onMessage(typeId, buffer, offset, length);
            }
        }
        catch (final StopDrain stop)
        {
            throw stop;
        }
        catch (final Exception ex)
        {
            if (onFailure(ex, attemptsBefore))
            {
                return hold(typeId, buffer, offset, length);
            }
            deadLetter(typeId, buffer, offset, length, ex, heldAttempts, DeadLetterReason.RETRIES_EXHAUSTED);
            return false;
        }
        if (null != dedup)
        {
            dedup.tryAccept(idFunction.key(typeId, buffer, offset, length));
        }
        onSuccess();
        return false;
    }

    private boolean hold(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (buffer != heldBuffer)
        {
            heldBuffer.putBytes(0, buffer, offset, length);
        }
        heldTypeId = typeId;
        heldLength = length;
        retrying = true;
        return true;
    }

    private void deadLetter(final int typeId, final DirectBuffer buffer, final int offset, final int length,
        final Throwable cause, final int attempts, final DeadLetterReason reason)
    {
        final long now = epochClock.nanoTime();
        final long first = attempts == 0 ? now : heldFirstAttemptEpochNs;
        deadLettered++;
        try
        {
            deadLetterSink.onDeadLetter(
                deadLetter.set(name, currentEdge, typeId, buffer, offset, length, cause, attempts, first, now, reason));
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
